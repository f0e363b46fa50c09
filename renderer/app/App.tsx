/**
 * The gate: until the key is logged in, only the lock screen shows. Events from the services drive
 * the cache — a pulled key locks the window at once, a pull refreshes what is on screen.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { LockScreen } from '../screens/LockScreen';
import { errorText } from './errors';
import { Shell } from './Shell';

const ReviewerShell = lazy(() => import('../reviewer/ReviewerShell'));

export function App() {
  const qc = useQueryClient();
  const status = useApi('key:status', {});

  useEffect(() => {
    const offs = [
      api.on('key:locked', () => {
        // Nothing of the last session stays in memory once the key is gone.
        qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'key:status' && q.queryKey[0] !== 'app:info' });
        void qc.invalidateQueries({ queryKey: ['key:status'] });
      }),
      api.on('key:inserted', () => void qc.invalidateQueries({ queryKey: ['key:status'] })),
      api.on('key:removed', () => void qc.invalidateQueries({ queryKey: ['key:status'] })),
      api.on('sync:state', (s) => qc.setQueryData(['sync:status', {}], s)),
      api.on('data:changed', ({ areas }) => {
        // A first sync can name the unit the key belongs to: the gate re-reads the key status.
        if (areas.includes('replica')) void qc.invalidateQueries({ queryKey: ['key:status'] });
        void qc.invalidateQueries({
          predicate: (q) => {
            const ch = String(q.queryKey[0]);
            if (ch.startsWith('key:') || ch === 'app:info') return false;
            if (areas.includes('replica')) return true;
            if (areas.includes('requests') && /^(requests|home|sync|alarms|slips)/.test(ch)) return true;
            if (areas.includes('drafts') && ch === 'requests:drafts') return true;
            if (areas.includes('prints') && ch.startsWith('print:')) return true;
            return false;
          },
        });
      }),
    ];
    const offConn = api.transport.onConnection((up) => {
      if (up) void qc.invalidateQueries();
    });
    return () => {
      offs.forEach((off) => off());
      offConn();
    };
  }, [qc]);

  if (status.isPending) {
    return (
      <div style={{ height: '100%', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" description="正在连接…" />
      </div>
    );
  }
  if (status.isError) return <Result status="error" title="无法连接本机服务" subTitle={errorText(status.error)} />;
  if (status.data.state !== 'loggedIn') return <LockScreen status={status.data} />;
  // A reviewer's key (certificate role) opens the bianban's workspace in the same app.
  if (status.data.identity?.role === 'reviewer') return <Suspense fallback={<Spin size="large" />}><ReviewerShell status={status.data} /></Suspense>;
  return <Shell status={status.data} />;
}
