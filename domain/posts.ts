/**
 * Post types (编制类型) and the ledger buckets they are counted in.
 * Institutional posts (事业编制) are counted separately per funding form (全额 / 差额 / 自理),
 * so a ledger bucket is a `PostKey`: a post type, or `institutional:<funding>`.
 */
export const POST_TYPES = ['administrative', 'politicoLegal', 'institutional', 'serviceWorker', 'organOther'] as const;
export type PostType = (typeof POST_TYPES)[number];

/** 经费形式 of a unit, and the funding split of institutional posts. */
export const FUNDINGS = ['full', 'partial', 'self'] as const;
export type Funding = (typeof FUNDINGS)[number];

export const POST_KEYS = [
  'administrative',
  'politicoLegal',
  'institutional:full',
  'institutional:partial',
  'institutional:self',
  'serviceWorker',
  'organOther',
] as const;
export type PostKey = (typeof POST_KEYS)[number];

export const POST_TYPE_LABELS: Record<PostType, string> = {
  administrative: '行政编制',
  politicoLegal: '政法专项编制',
  institutional: '事业编制',
  serviceWorker: '工勤编制',
  organOther: '机关其他编制',
};

export const FUNDING_LABELS: Record<Funding, string> = {
  full: '全额拨款',
  partial: '差额拨款',
  self: '经费自理',
};

export const POST_KEY_LABELS: Record<PostKey, string> = {
  administrative: '行政编制',
  politicoLegal: '政法专项编制',
  'institutional:full': '事业编制（全额拨款）',
  'institutional:partial': '事业编制（差额拨款）',
  'institutional:self': '事业编制（经费自理）',
  serviceWorker: '工勤编制',
  organOther: '机关其他编制',
};

/** Compact labels for narrow table columns; the full label is shown on hover. */
export const POST_KEY_SHORT_LABELS: Record<PostKey, string> = {
  administrative: '行政编制',
  politicoLegal: '政法专项编制',
  'institutional:full': '事业（全额）',
  'institutional:partial': '事业（差额）',
  'institutional:self': '事业（自理）',
  serviceWorker: '工勤编制',
  organOther: '机关其他编制',
};

export function postTypeOf(key: PostKey): PostType {
  return key.startsWith('institutional') ? 'institutional' : (key as PostType);
}

export function fundingOf(key: PostKey): Funding | null {
  const i = key.indexOf(':');
  return i < 0 ? null : (key.slice(i + 1) as Funding);
}

export function isPostKey(v: unknown): v is PostKey {
  return typeof v === 'string' && (POST_KEYS as readonly string[]).includes(v);
}

/** 领导职数 kinds. */
export const LEADER_KINDS = ['unitHead', 'unitDeputy', 'otherLeader', 'divisionHead', 'divisionDeputy'] as const;
export type LeaderKind = (typeof LEADER_KINDS)[number];
export const LEADER_KIND_LABELS: Record<LeaderKind, string> = {
  unitHead: '部门正职',
  unitDeputy: '部门副职',
  otherLeader: '其他领导',
  divisionHead: '内设机构正职',
  divisionDeputy: '内设机构副职',
};

export type PostCounts = Record<PostKey, number>;
export type LeaderCounts = Record<LeaderKind, number>;

export function zeroPostCounts(): PostCounts {
  return Object.fromEntries(POST_KEYS.map((k) => [k, 0])) as PostCounts;
}
export function zeroLeaderCounts(): LeaderCounts {
  return Object.fromEntries(LEADER_KINDS.map((k) => [k, 0])) as LeaderCounts;
}
