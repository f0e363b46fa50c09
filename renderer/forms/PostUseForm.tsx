/** 用编申请: post type, count, recruitment channel, reason — with the unit's vacancy shown beside. */
import { Alert, Form, Input, InputNumber, Select } from 'antd';
import { RECRUIT_CHANNELS } from '../../domain/model';
import type { PostKey } from '../../domain/posts';
import { useApi } from '../api/hooks';
import { L } from '../components/labels';
import { FormFrame } from './FormFrame';

export function PostUseForm({ draftId }: { draftId?: string }) {
  const home = useApi('home:summary', {});
  const posts = home.data?.own.posts.filter((p) => p.approved > 0) ?? [];
  return (
    <FormFrame
      kind="postUse"
      draftId={draftId}
      initial={{ count: 1 }}
      toPayload={(v) => ({ postKey: v.postKey, count: v.count, recruitChannel: v.recruitChannel, reason: v.reason ?? '' })}
    >
      {({ values, item }) => {
        const row = posts.find((p) => p.key === values.postKey);
        return (
          <>
            <Form.Item label="编制类型" name="postKey" required {...item('postKey')}>
              <Select
                size="large"
                placeholder="请选择本单位核定的编制类型"
                options={posts.map((p) => ({ value: p.key, label: `${L.post[p.key as PostKey]}（空编 ${p.vacant} 名）` }))}
              />
            </Form.Item>
            {row && (
              <Alert
                style={{ marginBottom: 16 }}
                type={row.vacant > 0 ? 'info' : 'warning'}
                showIcon
                title={`${L.post[row.key]}：核定 ${row.approved} 名，实有 ${row.occupied} 名，已核准待使用 ${row.reserved} 名，空编 ${row.vacant} 名`}
                data-testid="vacancy-hint"
              />
            )}
            <Form.Item label="用编数量（名）" name="count" required {...item('count')}>
              <InputNumber size="large" min={1} max={1000} precision={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="补充渠道（用编方式）" name="recruitChannel" required {...item('recruitChannel')}>
              <Select size="large" placeholder="请选择" options={RECRUIT_CHANNELS.map((c) => ({ value: c, label: L.channel[c] }))} />
            </Form.Item>
            <Form.Item label="申请理由" name="reason" required {...item('reason')}>
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder="写明岗位空缺情况和用编原因" />
            </Form.Item>
          </>
        );
      }}
    </FormFrame>
  );
}
