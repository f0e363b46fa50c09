/** Chinese labels for every code the screens show (one place, so no raw code slips through). */
import { ALARM_KIND_LABELS } from '../../domain/alarms';
import { PRINT_FORM_TITLES } from '../../domain/forms/printable-forms';
import {
  BIANBAN_LEVEL_LABELS,
  DEPARTURE_REASON_LABELS,
  EDUCATION_LABELS,
  RECRUIT_CHANNEL_LABELS,
  SEX_LABELS,
  UNIT_KIND_LABELS,
  UNIT_RANK_LABELS,
} from '../../domain/model';
import { FUNDING_LABELS, LEADER_KIND_LABELS, POST_KEY_LABELS, POST_KEY_SHORT_LABELS } from '../../domain/posts';
import { REQUEST_KIND_LABELS, REQUEST_STATE_LABELS } from '../../domain/requests';
import { SLIP_STATUS_LABELS } from '../../domain/forms';
import { EVENT_LABELS } from '../../domain/request-state';

export const L = {
  alarm: ALARM_KIND_LABELS,
  form: PRINT_FORM_TITLES as Record<string, string>,
  bianbanLevel: BIANBAN_LEVEL_LABELS,
  departure: DEPARTURE_REASON_LABELS,
  education: EDUCATION_LABELS,
  channel: RECRUIT_CHANNEL_LABELS,
  sex: SEX_LABELS,
  unitKind: UNIT_KIND_LABELS,
  unitRank: UNIT_RANK_LABELS,
  funding: FUNDING_LABELS,
  leader: LEADER_KIND_LABELS,
  post: POST_KEY_LABELS,
  postShort: POST_KEY_SHORT_LABELS,
  requestKind: REQUEST_KIND_LABELS,
  requestState: REQUEST_STATE_LABELS,
  slipStatus: SLIP_STATUS_LABELS,
  event: EVENT_LABELS,
  localState: { waitingUpload: '待上传', sending: '上传中', uploadFailed: '上传失败' } as Record<string, string>,
  outbox: { pending: '待上传', sending: '上传中', acked: '已送达', failed: '上传失败' } as Record<string, string>,
};

/**
 * A unit's name without its place prefix (泰安市第二中学 → 第二中学), for lists of one department's units where
 * every name starts with the same city or county; the full name goes in the cell's hover title.
 */
export function unitShortName(name: string): string {
  const m = /^[\u4e00-\u9fa5]{1,6}?(?:省|市|县|区|旗|州)(.{2,})$/.exec(name);
  return m ? m[1]! : name;
}

export const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'blue',
  supervisorReview: 'processing',
  bianbanReview: 'processing',
  approved: 'success',
  returned: 'warning',
  rejected: 'error',
  withdrawn: 'default',
};

export function fmtInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { hour12: false });
}

/** Triggers a browser download of base64 content (Excel export, PDF). */
export function download(fileName: string, mime: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
