/**
 * 入编登记: against a slot of a live post-use slip. The ID number fills in birth date and sex; every
 * field is checked as it is typed (an invalid ID number is refused on its own field first).
 */
import { useState } from 'react';
import { Alert, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { EDUCATIONS } from '../../domain/model';
import { validateIdNumber } from '../../domain/validation/id-number';
import { validatePhoto } from '../../domain/validation/photo';
import { api } from '../api/api';
import { useApi } from '../api/hooks';
import { errorText } from '../app/errors';
import { L } from '../components/labels';
import { FormFrame } from './FormFrame';

const ETHNICITIES = ['汉族', '回族', '满族', '蒙古族', '壮族', '维吾尔族', '藏族', '苗族', '彝族', '土家族', '朝鲜族', '侗族', '瑶族', '白族', '哈尼族', '黎族', '畲族', '其他'];
const POLITICAL = ['中共党员', '中共预备党员', '共青团员', '民主党派', '无党派人士', '群众'];

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function EnrollmentForm({ draftId }: { draftId?: string }) {
  const slips = useApi('slips:list', {});
  const info = useApi('unit:info', {});
  const app = useApi('app:info', {});
  const [photo, setPhoto] = useState<{ url: string; problem: string | null } | null>(null);
  const live = (slips.data ?? []).filter((s) => s.live && s.unused > 0 && s.unitId === info.data?.unit.id);
  return (
    <FormFrame
      kind="enrollment"
      draftId={draftId}
      initial={{ person: { ethnicity: '汉族', politicalStatus: '群众' }, enrolledOn: null, divisionId: null, photoDigest: null }}
      toPayload={(v) => {
        const p = (v.person ?? {}) as Record<string, unknown>;
        return {
          slipNumber: v.slipNumber,
          slotNo: v.slotNo,
          person: {
            name: p.name ?? '',
            idNumber: p.idNumber ?? '',
            sex: p.sex,
            birthDate: p.birthDate,
            ethnicity: p.ethnicity ?? '',
            education: p.education,
            politicalStatus: p.politicalStatus ?? '',
            phone: p.phone ?? '',
          },
          divisionId: v.divisionId ?? null,
          position: v.position ?? '',
          positionLevel: v.positionLevel ?? '',
          enrolledOn: v.enrolledOn ? (v.enrolledOn as Dayjs).format('YYYY-MM-DD') : '',
          photoDigest: v.photoDigest ?? null,
        };
      }}
      fromPayload={(p) => ({ ...p, enrolledOn: p.enrolledOn ? dayjs(String(p.enrolledOn)) : null })}
    >
      {({ form, values, item }) => {
        const slip = live.find((s) => s.number === values.slipNumber);
        const person = (values.person ?? {}) as Record<string, string>;
        return (
          <>
            {live.length === 0 && (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="本单位没有可用的编制使用单" description="入编登记须依据有效的《机关事业单位编制使用单》。请先提出用编申请，核准并同步后再办理入编。" />
            )}
            <Row gutter={16}>
              <Col span={14}>
                <Form.Item label="编制使用单" name="slipNumber" required {...item('slipNumber')}>
                  <Select
                    size="large"
                    placeholder="请选择据以入编的使用单"
                    onChange={() => form.setFieldValue('slotNo', undefined)}
                    options={live.map((s) => ({ value: s.number, label: `${s.number}\u3000${L.post[s.postKey]}\u3000剩余 ${s.unused} 个（有效期至 ${s.validUntil}）` }))}
                  />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item label="用编序号" name="slotNo" required {...item('slotNo')}>
                  <Select
                    size="large"
                    placeholder="请选择序号"
                    disabled={!slip}
                    options={(slip?.slots ?? []).filter((s) => !s.staffId).map((s) => ({ value: s.slotNo, label: `第 ${s.slotNo} 号` }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Title level={5}>人员信息</Typography.Title>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item label="姓名" name={['person', 'name']} required {...item('person.name')}>
                  <Input size="large" maxLength={30} />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item label="身份证号" name={['person', 'idNumber']} required {...item('person.idNumber')} extra="填写后自动带出出生日期和性别">
                  <Input
                    size="large"
                    maxLength={20}
                    onChange={(e) => {
                      const r = validateIdNumber(e.target.value, app.data?.today ?? dayjs().format('YYYY-MM-DD'));
                      if (r.ok) {
                        form.setFieldValue(['person', 'birthDate'], r.value.birthDate);
                        form.setFieldValue(['person', 'sex'], r.value.sex);
                      }
                    }}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="出生日期" name={['person', 'birthDate']} {...item('person.birthDate')}>
                  <Input size="large" readOnly placeholder="由身份证号带出" data-testid="birth-date" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="性别" name={['person', 'sex']} {...item('person.sex')}>
                  <Select size="large" disabled placeholder="由身份证号带出" options={[{ value: 'male', label: '男' }, { value: 'female', label: '女' }]} data-testid="sex" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="民族" name={['person', 'ethnicity']} required {...item('person.ethnicity')}>
                  <Select size="large" showSearch options={ETHNICITIES.map((e) => ({ value: e, label: e }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="学历" name={['person', 'education']} required {...item('person.education')}>
                  <Select size="large" placeholder="最高学历" options={EDUCATIONS.map((e) => ({ value: e, label: L.education[e] }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="政治面貌" name={['person', 'politicalStatus']} required {...item('person.politicalStatus')}>
                  <Select size="large" options={POLITICAL.map((e) => ({ value: e, label: e }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="联系电话" name={['person', 'phone']} {...item('person.phone')}>
                  <Input size="large" maxLength={30} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Title level={5}>入编信息</Typography.Title>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item label="内设机构" name="divisionId" {...item('divisionId')}>
                  <Select size="large" allowClear placeholder="可不选" options={(info.data?.divisions ?? []).map((d) => ({ value: d.id, label: d.name }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="职务（岗位）" name="position" required {...item('position')}>
                  <Input size="large" maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="职级（岗位等级）" name="positionLevel" {...item('positionLevel')}>
                  <Input size="large" maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="入编日期" name="enrolledOn" required {...item('enrolledOn')}>
                  <DatePicker size="large" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name="photoDigest" hidden>
                  <Input />
                </Form.Item>
                <Form.Item label="照片（2 寸蓝底，JPG/PNG）" help={photo?.problem ?? (photo || values.photoDigest ? '照片已选择，将随申报上传' : person.name ? '可稍后补充' : undefined)}>
                  <input
                    type="file"
                    accept="image/jpeg,image/png"
                    onChange={(e) => {
                      const f = e.target.files?.[0];
                      if (!f) return;
                      void f.arrayBuffer().then(async (buf) => {
                        const bytes = new Uint8Array(buf);
                        // Checked here for an instant answer, then kept on this machine by the client,
                        // which answers the digest the request signs and uploads the bytes with it.
                        const check = validatePhoto(bytes);
                        if (!check.ok) {
                          setPhoto({ url: URL.createObjectURL(f), problem: check.error });
                          form.setFieldValue('photoDigest', null);
                          return;
                        }
                        try {
                          const r = await api.call('photos:put', { base64: toBase64(bytes) });
                          setPhoto({ url: URL.createObjectURL(f), problem: r.warnings[0] ?? null });
                          form.setFieldValue('photoDigest', r.sha256);
                        } catch (err) {
                          setPhoto({ url: URL.createObjectURL(f), problem: errorText(err) });
                          form.setFieldValue('photoDigest', null);
                        }
                      });
                    }}
                  />
                </Form.Item>
                {photo && <img src={photo.url} alt="照片预览" height={120} />}
              </Col>
            </Row>
          </>
        );
      }}
    </FormFrame>
  );
}
