/** 业务申报: the four request forms, and the drafts kept on this machine. */
import { App, Button, Card, Col, Empty, List, Popconfirm, Row, Tabs } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { RequestKind } from '../../domain/requests';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { navigate, useRoute } from '../app/router';
import { fmtInstant, L } from '../components/labels';
import { Page } from '../components/Page';
import { ChangeForm } from '../forms/ChangeForm';
import { DepartureForm } from '../forms/DepartureForm';
import { EnrollmentForm } from '../forms/EnrollmentForm';
import { PostUseForm } from '../forms/PostUseForm';

const KINDS: RequestKind[] = ['postUse', 'enrollment', 'departure', 'change'];

export default function FileScreen({ kind }: { kind?: string; draftId?: string }) {
  const { query } = useRoute();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const active: RequestKind = KINDS.includes((kind?.split('?')[0] ?? '') as RequestKind) ? (kind!.split('?')[0] as RequestKind) : 'postUse';
  const draftId = query.get('draft') ?? undefined;
  const staffId = query.get('staff') ?? undefined;
  const drafts = useApi('requests:drafts', {});
  const formKey = `${active}-${draftId ?? 'new'}-${staffId ?? ''}-${query.get('resubmit') ?? ''}`;
  const form = { postUse: <PostUseForm key={formKey} draftId={draftId} />, enrollment: <EnrollmentForm key={formKey} draftId={draftId} />, departure: <DepartureForm key={formKey} draftId={draftId} staffId={staffId} />, change: <ChangeForm key={formKey} draftId={draftId} staffId={staffId} /> }[active];

  return (
    <Page title="业务申报" testId="screen-file">
      <Row gutter={16}>
        <Col span={18}>
          <Card>
            <Tabs activeKey={active} onChange={(k) => navigate(`/file/${k}`)} items={KINDS.map((k) => ({ key: k, label: L.requestKind[k] }))} />
            {form}
          </Card>
        </Col>
        <Col span={6}>
          <Card title="本机草稿" size="small">
            {!drafts.data?.length ? (
              <Empty description="没有草稿" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <List
                size="small"
                dataSource={drafts.data}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      <Button key="open" type="link" size="small" onClick={() => navigate(`/file/${d.kind}?draft=${d.id}`)}>
                        打开
                      </Button>,
                      <Popconfirm
                        key="del"
                        title="删除这份草稿？"
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() =>
                          api
                            .call('requests:deleteDraft', { id: d.id })
                            .then(() => qc.invalidateQueries({ queryKey: ['requests:drafts'] }))
                            .catch((e) => message.error(errorText(e)))
                        }
                      >
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>,
                    ]}
                  >
                    <List.Item.Meta title={L.requestKind[d.kind]} description={`保存于 ${fmtInstant(d.updatedAt)}`} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
