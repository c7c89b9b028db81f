import { HeartOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Select, Space, Statistic, Tag, Typography } from 'antd';
import type { CombinedError } from '@urql/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { isStaff, useMe } from '../../auth';
import type { MyVolunteerQuery as MyVolunteerResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { HoursList, hoursText, NoticeTag, RevokedTag, SignupStatusTag, Stars, UnitSelect, useManagedOrganizations } from './common';
import {
  CancelSignupMutation,
  CheckInMutation,
  CheckOutMutation,
  IssueCertificateMutation,
  ManagedOrganizationsQuery,
  MyVolunteerQuery,
  OpenActivitiesQuery,
  RegisterVolunteerMutation,
  SignUpMutation,
} from './ops';

/** The volunteer's own page (made for a 390 × 844 phone): register, sign up, check in with the code, hours, stars, certificates. */
export default function MyVolunteerPage() {
  const me = useMe();
  const { t } = useI18n();
  const [mine, refetch] = useQuery({ query: MyVolunteerQuery, variables: {}, requestPolicy: 'cache-and-network' });
  const { orgs } = useManagedOrganizations(me);
  const volunteer = mine.data?.myVolunteer;
  const manages = !isStaff(me) && orgs.length > 0;

  return (
    <div className="gg-vol-narrow">
      <Typography.Title level={4} className="gg-page-title">
        <HeartOutlined /> {t('navVolMine')}
      </Typography.Title>
      {manages && (
        <Card size="small" className="gg-vol-card" title={t('volIManage', { n: orgs.length })}>
          <Space wrap>
            <Link to="/volunteers/activities">{t('navVolActivities')}</Link>
            <Link to="/volunteers/people">{t('navVolPeople')}</Link>
            <Link to="/volunteers/hours">{t('navVolHours')}</Link>
          </Space>
        </Card>
      )}
      {mine.fetching && !mine.data ? null : volunteer ? (
        <Registered volunteer={volunteer} refetch={() => refetch({ requestPolicy: 'network-only' })} />
      ) : (
        <RegisterCard onDone={() => refetch({ requestPolicy: 'network-only' })} />
      )}
    </div>
  );
}

function RegisterCard({ onDone }: { onDone(): void }) {
  const me = useMe();
  const { t } = useI18n();
  const [state, register] = useMutation(RegisterVolunteerMutation);
  const [orgs] = useQuery({ query: ManagedOrganizationsQuery, variables: {} });
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Card className="gg-vol-card" title={t('volRegisterTitle')}>
      <Typography.Paragraph type="secondary">{t('volRegisterHint')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        name="vol-register"
        requiredMark={false}
        initialValues={{ name: me.name ?? '' }}
        onFinish={async (values: { name: string; phone: string; unitId: string; organizationIds?: string[] }) => {
          const result = await register({ input: values });
          if (result.error) setProblem(errorText(result.error, t));
          else onDone();
        }}
      >
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 100, message: t('required') }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')} rules={[{ required: true, pattern: /^1\d{10}$/, message: t('volPhoneRule') }]}>
          <Input autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <Form.Item name="unitId" label={t('volHomeUnit')} rules={[{ required: true, message: t('required') }]}>
          <UnitSelect ariaLabel={t('volHomeUnit')} />
        </Form.Item>
        <Form.Item name="organizationIds" label={t('volOrganizations')} extra={t('volJoinHint')}>
          <Select
            mode="multiple"
            aria-label={t('volOrganizations')}
            optionFilterProp="label"
            options={(orgs.data?.volunteerOrganizations.nodes ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={state.fetching}>
          {t('volRegister')}
        </Button>
      </Form>
    </Card>
  );
}

type MyVolunteer = NonNullable<MyVolunteerResult['myVolunteer']>;

function Registered({ volunteer, refetch }: { volunteer: MyVolunteer; refetch(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [issue, runIssue] = useMutation(IssueCertificateMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const notice = volunteer.starAwards.find((a) => !a.revoked && Date.parse(a.effectiveAt) > Date.now());
  return (
    <>
      <Card className="gg-vol-card" data-testid="my-volunteer">
        <Space direction="vertical" style={{ width: '100%' }} size={8}>
          <Space wrap>
            <Typography.Text strong>{volunteer.name}</Typography.Text>
            <Tag>{volunteer.number}</Tag>
            <Typography.Text type="secondary">{volunteer.unit.name}</Typography.Text>
          </Space>
          <Space size={32} wrap>
            <Statistic title={t('volTotalHours')} value={hoursText(volunteer.totalHours)} />
            <div>
              <Typography.Text type="secondary">{t('volStarLevel')}</Typography.Text>
              <div className="gg-vol-star-line">
                <Stars level={volunteer.starLevel} />
              </div>
              {notice && <NoticeTag until={notice.effectiveAt} />}
              {volunteer.eligibleStarLevel > volunteer.starLevel && !notice && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('volEligible', { n: volunteer.eligibleStarLevel })}
                </Typography.Text>
              )}
            </div>
          </Space>
          {volunteer.organizations.length > 0 && (
            <Space wrap size={4}>
              {volunteer.organizations.map((o) => (
                <Tag key={o.id}>{o.name}</Tag>
              ))}
            </Space>
          )}
        </Space>
      </Card>

      <MyActivities volunteerId={volunteer.id} onChange={refetch} />

      <Card
        className="gg-vol-card"
        title={t('volCertificates')}
        extra={
          <Button
            loading={issue.fetching}
            onClick={async () => {
              const result = await runIssue({ input: { volunteerId: volunteer.id } });
              if (result.error) setProblem(errorText(result.error, t));
              else {
                setProblem(null);
                void message.success(t('volCertificateIssued'));
                refetch();
              }
            }}
          >
            {t('volIssueCertificate')}
          </Button>
        }
      >
        {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 12 }} closable onClose={() => setProblem(null)} />}
        {volunteer.certificates.length === 0 ? (
          <Empty description={t('volNoCertificates')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            dataSource={volunteer.certificates}
            renderItem={(c) => (
              <List.Item data-testid="certificate">
                <Space direction="vertical" size={2}>
                  <Space wrap>
                    <Typography.Text strong>{c.number}</Typography.Text>
                    {c.revoked && <RevokedTag />}
                    <Link to={`/verify?number=${encodeURIComponent(c.number)}`}>{t('volVerify')}</Link>
                  </Space>
                  <Typography.Text>
                    {t('volVerificationCode')}: <Typography.Text code copyable>{c.verificationCode}</Typography.Text>
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {hoursText(c.hours)} {t('volHourUnit')} · <Stars level={c.starLevel} /> · {formatTime(c.issuedAt, lang)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
        <Link to="/verify">{t('navVolVerify')}</Link>
      </Card>

      <Card className="gg-vol-card" title={`${t('volLedger')} (${volunteer.hours.totalCount})`}>
        <HoursList rows={volunteer.hours.nodes} />
      </Card>
    </>
  );
}

/** Published activities: sign up, cancel, and on the day check in and out with the code shown on site. */
function MyActivities({ volunteerId, onChange }: { volunteerId: string; onChange(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [activities, refetch] = useQuery({ query: OpenActivitiesQuery, variables: {}, requestPolicy: 'cache-and-network' });
  const [, signUp] = useMutation(SignUpMutation);
  const [, cancel] = useMutation(CancelSignupMutation);
  const [, checkIn] = useMutation(CheckInMutation);
  const [, checkOut] = useMutation(CheckOutMutation);
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (key: string, run: () => Promise<{ error?: CombinedError }>) => {
    setBusy(key);
    const { error } = await run();
    setBusy(null);
    if (error) setProblem(errorText(error, t));
    else {
      setProblem(null);
      setCodes({});
      void message.success(t('saved'));
      onChange();
    }
    refetch({ requestPolicy: 'network-only' });
  };

  const rows = activities.data?.volunteerActivities.nodes ?? [];
  return (
    <Card className="gg-vol-card" title={t('volOpenActivities')}>
      {problem && <Alert type="warning" showIcon title={problem} role="alert" closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} />}
      {rows.length === 0 && !activities.fetching ? (
        <Empty description={t('volNoActivities')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          dataSource={rows}
          loading={activities.fetching && !activities.data}
          renderItem={(a) => {
            const signup = a.signups.nodes.find((s) => s.volunteer.id === volunteerId);
            const status = signup?.status;
            const started = Date.parse(a.startsAt) <= Date.now();
            const ended = Date.parse(a.endsAt) <= Date.now();
            const full = a.signupCount >= a.capacity;
            const code = codes[a.id] ?? '';
            return (
              <List.Item style={{ display: 'block' }} data-testid="activity-card">
                <Space direction="vertical" style={{ width: '100%' }} size={6}>
                  <Space wrap>
                    <Typography.Text strong>{a.title}</Typography.Text>
                    {status && <SignupStatusTag status={status} />}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {a.organization.name} · {formatTime(a.startsAt, lang)} – {formatTime(a.endsAt, lang)}
                  </Typography.Text>
                  <Typography.Text style={{ fontSize: 13 }}>
                    {a.address ?? a.unit.name} · {t('volSignedUpOf', { n: a.signupCount, capacity: a.capacity })}
                  </Typography.Text>
                  {(!status || status === 'CANCELLED') && !ended && (
                    <Button
                      type="primary"
                      block
                      size="large"
                      disabled={full}
                      loading={busy === `signup-${a.id}`}
                      onClick={() => act(`signup-${a.id}`, () => signUp({ input: { activityId: a.id } }))}
                    >
                      {full ? t('volFull') : t('volSignUp')}
                    </Button>
                  )}
                  {(status === 'SIGNED_UP' || status === 'CHECKED_IN') && (
                    <Space.Compact style={{ width: '100%' }}>
                      <Input
                        size="large"
                        inputMode="numeric"
                        autoComplete="one-time-code"
                        maxLength={6}
                        placeholder={t('volCodePlaceholder')}
                        aria-label={t('volCheckInCode')}
                        value={code}
                        onChange={(e) => setCodes((c) => ({ ...c, [a.id]: e.target.value.replace(/\D/g, '') }))}
                      />
                      <Button
                        type="primary"
                        size="large"
                        disabled={code.length !== 6}
                        loading={busy === `code-${a.id}`}
                        onClick={() =>
                          act(`code-${a.id}`, () =>
                            status === 'SIGNED_UP' ? checkIn({ input: { activityId: a.id, code } }) : checkOut({ input: { activityId: a.id, code } }),
                          )
                        }
                      >
                        {status === 'SIGNED_UP' ? t('volCheckIn') : t('volCheckOut')}
                      </Button>
                    </Space.Compact>
                  )}
                  {status === 'SIGNED_UP' && !started && (
                    <Button block loading={busy === `cancel-${a.id}`} onClick={() => act(`cancel-${a.id}`, () => cancel({ input: { activityId: a.id } }))}>
                      {t('volCancelSignup')}
                    </Button>
                  )}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
