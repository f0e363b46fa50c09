/** TanStack Query over the typed API: one query key per channel and request. */
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { Channel, RequestOf, ResponseOf } from '../../domain/contract/channels';
import type { ApiError } from '../../domain/contract/errors';
import { api } from './api';

export function useApi<C extends Channel>(
  channel: C,
  payload: RequestOf<C>,
  options: Omit<UseQueryOptions<ResponseOf<C>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<ResponseOf<C>, ApiError>({
    queryKey: [channel, payload],
    queryFn: () => api.call(channel, payload),
    ...options,
  });
}
