/** 人员信息卡: the full record of one person, with photo, retirement date and the forms issued for them. */
import { Avatar, Button, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useApi } from '../api/hooks';
import { navigate } from '../app/router';
import { L } from '../components/labels';
import { Loading } from '../components/Page';

export function StaffCardDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useApi('staff:get', { id: id ?? '' }, { enabled: id !== null });
  const c = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title="人员信息卡" destroyOnHidden>
      {!c ? (
        <Loading q={q} />
      ) : (
        <div data-testid="staff-card">
          <Space align="start" size="large" style={{ marginBottom: 16 }}>
            {c.photo ? <img src={c.photo} alt="照片" width={104} height={144} style={{ objectFit: 'cover', border: '1px solid #ddd' }} /> : <Avatar shape="square" size={112} icon={<UserOutlined />} />}
            <div>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {c.staff.name}
              </Typography.Title>
              <Typography.Text style={{ fontSize: 16 }}>
                {c.unitName}
                {c.divisionName && ` · ${c.divisionName}`}
              </Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Tag color="blue">{L.post[c.staff.postKey]}</Tag>
                {c.staff.leaderKind && <Tag color="gold">{L.leader[c.staff.leaderKind]}</Tag>}
              </div>
              {!c.photo && <Typography.Text type="secondary">本机暂无照片</Typography.Text>}
            </div>
          </Space>
          <Descriptions column={2} bordered size="small" labelStyle={{ width: 124, whiteSpace: 'nowrap' }}>
            <Descriptions.Item label="性别">{L.sex[c.staff.sex]}</Descriptions.Item>
            <Descriptions.Item label="年龄">{c.age} 岁</Descriptions.Item>
            <Descriptions.Item label="身份证号" span={2}>
              {c.staff.idNumber}
            </Descriptions.Item>
            <Descriptions.Item label="出生日期">{c.staff.birthDate}</Descriptions.Item>
            <Descriptions.Item label="民族">{c.staff.ethnicity}</Descriptions.Item>
            <Descriptions.Item label="学历">{L.education[c.staff.education]}</Descriptions.Item>
            <Descriptions.Item label="政治面貌">{c.staff.politicalStatus}</Descriptions.Item>
            <Descriptions.Item label="职务（岗位）">{c.staff.position}</Descriptions.Item>
            <Descriptions.Item label="职级">{c.staff.positionLevel}</Descriptions.Item>
            <Descriptions.Item label="入编日期">{c.staff.enrolledOn}</Descriptions.Item>
            <Descriptions.Item label="补充渠道">{L.channel[c.staff.entryChannel]}</Descriptions.Item>
            <Descriptions.Item label="使用单">{c.staff.slipNumber ? `${c.staff.slipNumber} 第 ${c.staff.slotNo} 号` : '—'}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{c.staff.phone || '—'}</Descriptions.Item>
            <Descriptions.Item label="法定退休" span={2}>
              {c.retirement.month}（{c.retirement.label}）
            </Descriptions.Item>
            <Descriptions.Item label="通知单" span={2}>
              {c.notices.length ? c.notices.map((n) => <Tag key={n.number}>{L.form[n.kind]} {n.number}</Tag>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ marginTop: 20 }}>
            <Button onClick={() => navigate(`/file/departure?staff=${c.staff.id}`)}>办理出编登记</Button>
            <Button onClick={() => navigate(`/file/change?staff=${c.staff.id}`)}>申请信息变更</Button>
          </Space>
        </div>
      )}
    </Drawer>
  );
}
