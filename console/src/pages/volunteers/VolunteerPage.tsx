import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { isStaff, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { HoursTable, hoursText, NoticeTag, RevokedTag, shanghaiToday, Stars, useManagedOrganizations } from './common';
import { AwardStarMutation, BackfillMutation, CorrectHoursMutation, IssueCertificateMutation, RevokeCertificateMutation, RevokeStarMutation, VolunteerDetailQuery } from './ops';

type Dialog = { kind: 'backfill' } | { kind: 'correct'; entryId: string; hours: number } | { kind: 'award'; level: number } | { kind: 'revokeStar'; awardId: string } | { kind: 'issue' } | { kind: 'revokeCertificate'; number: string };

/** One volunteer for staff in scope and their organisations' managers: hours (back-fill), stars, certificates. */
export default function VolunteerPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const staff = isStaff(me);
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [detail, refetch] = useQuery({ query: VolunteerDetailQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const { orgs } = useManagedOrganizations(me);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [backfillState, backfill] = useMutation(BackfillMutation);
  const [awardState, award] = useMutation(AwardStarMutation);
  const [revokeStarState, revokeStar] = useMutation(RevokeStarMutation);
  const [issueState, issue] = useMutation(IssueCertificateMutation);
  const [revokeCertState, revokeCertificate] = useMutation(RevokeCertificateMutation);
  const [correctState, correct] = useMutation(CorrectHoursMutation);
  const busy = correctState.fetching || backfillState.fetching || awardState.fetching || revokeStarState.fetching || issueState.fetching || revokeCertState.fetching;

  const v = detail.data?.volunteer;
  if (!v) {
    return <Card loading={detail.fetching}>{!detail.fetching && <Empty description={t('notFound')} />}</Card>;
  }
  const live = v.starAwards.filter((a) => !a.revoked);
  const highest = live.reduce((n, a) => Math.max(n, a.level), 0);
  const underNotice = live.find((a) => Date.parse(a.effectiveAt) > Date.now());
  const nextLevel = highest + 1;
  const canAward = staff && nextLevel <= v.eligibleStarLevel && !underNotice;
  const mayRecord = orgs.length > 0;

  const submit = async () => {
    if (!dialog) return;
    const values = await form.validateFields();
    let error;
    switch (dialog.kind) {
      case 'backfill':
        ({ error } = await backfill({
          input: { volunteerId: v.id, organizationId: values.organizationId, hours: values.hours, serviceDate: values.serviceDate, description: values.description },
        }));
        break;
      case 'correct':
        ({ error } = await correct({ input: { entryId: dialog.entryId, hours: values.hours, reason: values.reason } }));
        break;
      case 'award':
        ({ error } = await award({ input: { volunteerId: v.id, level: dialog.level, note: values.note || undefined } }));
        break;
      case 'revokeStar':
        ({ error } = await revokeStar({ input: { awardId: dialog.awardId, reason: values.reason } }));
        break;
      case 'issue':
        ({ error } = await issue({ input: { volunteerId: v.id, organizationId: values.organizationId || undefined } }));
        break;
      case 'revokeCertificate':
        ({ error } = await revokeCertificate({ input: { number: dialog.number, reason: values.reason } }));
        break;
    }
    if (error) setProblem(errorText(error, t));
    else {
      setProblem(null);
      setDialog(null);
      void message.success(t('saved'));
    }
    refetch({ requestPolicy: 'network-only' });
  };

  const titles: Record<Dialog['kind'], string> = {
    backfill: t('volBackfill'),
    correct: t('volCorrect'),
    award: t('volAwardStar', { n: nextLevel }),
    revokeStar: t('volRevokeStar'),
    issue: t('volIssueCertificate'),
    revokeCertificate: t('volRevokeCertificate'),
  };
  const open = (next: Dialog) => {
    form.resetFields();
    setProblem(null);
    setDialog(next);
  };

  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <Link to="/volunteers/people" aria-label={t('navVolPeople')}>
          <ArrowLeftOutlined />
        </Link>{' '}
        {v.name} · {v.number}
      </Typography.Title>
      {problem && !dialog && <Alert type="warning" showIcon title={problem} role="alert" closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('phone')}>{v.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('volHomeUnit')}>{v.unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('volRegisteredAt')}>{formatTime(v.registeredAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('volTotalHours')}>
          <span data-testid="total-hours">{hoursText(v.totalHours)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('volStarLevel')}>
          <Stars level={v.starLevel} />
        </Descriptions.Item>
        <Descriptions.Item label={t('volEligibleCol')}>
          <Stars level={v.eligibleStarLevel} />
        </Descriptions.Item>
        <Descriptions.Item label={t('volOrganizations')} span={3}>
          {v.organizations.map((o) => o.name).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('volAccount')} span={3}>
          {v.user?.username ?? t('volNoAccountSeen')}
        </Descriptions.Item>
      </Descriptions>

      <Card
        size="small"
        className="gg-vol-card"
        title={t('volStars')}
        extra={
          staff && (
            <Button type="primary" disabled={!canAward} onClick={() => open({ kind: 'award', level: nextLevel })}>
              {t('volAwardStar', { n: nextLevel })}
            </Button>
          )
        }
      >
        {v.starAwards.length === 0 ? (
          <Typography.Text type="secondary">{t('volNoStarAwards')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={v.starAwards}
            renderItem={(a) => (
              <List.Item
                data-testid="star-award"
                actions={staff && !a.revoked ? [<Button key="revoke" size="small" danger onClick={() => open({ kind: 'revokeStar', awardId: a.id })}>{t('volRevoke')}</Button>] : []}
              >
                <Space wrap>
                  <Stars level={a.level} />
                  <Typography.Text type="secondary">
                    {formatTime(a.awardedAt, lang)} · {a.awardedBy?.name ?? a.awardedBy?.username ?? '—'}
                  </Typography.Text>
                  {a.revoked ? <RevokedTag /> : Date.parse(a.effectiveAt) > Date.now() ? <NoticeTag until={a.effectiveAt} /> : null}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card
        size="small"
        className="gg-vol-card"
        title={t('volCertificates')}
        extra={
          <Button onClick={() => open({ kind: 'issue' })} disabled={!staff && !mayRecord}>
            {t('volIssueCertificate')}
          </Button>
        }
      >
        {v.certificates.length === 0 ? (
          <Typography.Text type="secondary">{t('volNoCertificates')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={v.certificates}
            renderItem={(c) => (
              <List.Item
                data-testid="certificate"
                actions={staff && !c.revoked ? [<Button key="revoke" size="small" danger onClick={() => open({ kind: 'revokeCertificate', number: c.number })}>{t('volRevoke')}</Button>] : []}
              >
                <Space wrap>
                  <Typography.Text strong data-testid="certificate-number">
                    {c.number}
                  </Typography.Text>
                  <span>
                    {t('volVerificationCode')}: <Typography.Text code data-testid="certificate-code">{c.verificationCode}</Typography.Text>
                  </span>
                  <Typography.Text type="secondary">
                    {hoursText(c.hours)} {t('volHourUnit')} · {c.issuedBy?.name ?? '—'} · {formatTime(c.issuedAt, lang)}
                  </Typography.Text>
                  {c.revoked && <RevokedTag />}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card
        size="small"
        className="gg-vol-card"
        title={`${t('volLedger')} (${v.hours.totalCount})`}
        extra={
          mayRecord && (
            <Button type="primary" onClick={() => open({ kind: 'backfill' })}>
              {t('volBackfill')}
            </Button>
          )
        }
      >
        <HoursTable rows={v.hours.nodes} onCorrect={mayRecord ? (entry) => open({ kind: 'correct', entryId: entry.id, hours: entry.hours }) : undefined} />
      </Card>

      <Modal forceRender open={!!dialog} title={dialog ? titles[dialog.kind] : ''} onCancel={() => setDialog(null)} okText={t('submit')} confirmLoading={busy} onOk={() => void submit()}>
        {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="vol-action" initialValues={{ serviceDate: shanghaiToday() }}>
          {dialog?.kind === 'backfill' && (
            <>
              <Form.Item name="organizationId" label={t('volOrganization')} rules={[{ required: true, message: t('required') }]}>
                <Select aria-label={t('volOrganization')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="hours" label={t('volHoursCol')} rules={[{ required: true, message: t('required') }]}>
                  <InputNumber min={0.1} max={24} step={0.1} precision={1} />
                </Form.Item>
                <Form.Item name="serviceDate" label={t('volServiceDate')} rules={[{ required: true, message: t('required') }]}>
                  <Input type="date" />
                </Form.Item>
              </Space>
              <Form.Item name="description" label={t('description')} rules={[{ required: true, max: 4000, message: t('required') }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Typography.Text type="secondary">{t('volBackfillHint')}</Typography.Text>
            </>
          )}
          {dialog?.kind === 'award' && (
            <>
              <Typography.Paragraph>{t('volAwardHint', { n: dialog.level })}</Typography.Paragraph>
              <Form.Item name="note" label={t('note')} rules={[{ max: 2000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'correct' && (
            <>
              <Typography.Paragraph>{t('volCorrectHint', { hours: hoursText(dialog.hours) })}</Typography.Paragraph>
              <Form.Item name="hours" label={t('volCorrectBy')} rules={[{ required: true, message: t('required') }]}>
                <InputNumber min={-dialog.hours} max={24} step={0.1} precision={1} />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'revokeStar' || dialog?.kind === 'revokeCertificate' || dialog?.kind === 'correct') && (
            <Form.Item name="reason" label={t('reason')} rules={[{ required: true, max: 2000, message: t('required') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          {dialog?.kind === 'issue' && (
            <Form.Item name="organizationId" label={t('volIssuedBy')} extra={t('volIssuedByHint')}>
              <Select allowClear aria-label={t('volIssuedBy')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
