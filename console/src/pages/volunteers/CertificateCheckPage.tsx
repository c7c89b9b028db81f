import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient } from 'urql';
import { useSession } from '../../auth';
import type { CheckCertificateQuery as CheckResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { hoursText, Stars } from './common';
import { CheckCertificateQuery } from './ops';

/** Anyone, signed in or not, checks a certificate of volunteer service by its number and code. */
export default function CertificateCheckPage() {
  const { me } = useSession();
  const { t, lang, setLang } = useI18n();
  const client = useClient();
  const [params] = useSearchParams();
  const [result, setResult] = useState<CheckResult['checkVolunteerCertificate'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const check = async (values: { number: string; verificationCode: string }) => {
    setChecking(true);
    const answer = await client
      .query(CheckCertificateQuery, { number: values.number.trim(), verificationCode: values.verificationCode.trim() }, { requestPolicy: 'network-only' })
      .toPromise();
    setChecking(false);
    setResult(answer.data?.checkVolunteerCertificate ?? null);
    setProblem(answer.error ? errorText(answer.error, t) : null);
  };

  const card = (
    <Card className={me ? 'gg-vol-narrow' : 'gg-login-card'} data-testid="certificate-check">
      <Typography.Title level={me ? 4 : 3} className={me ? 'gg-page-title' : 'gg-login-title'}>
        <SafetyCertificateOutlined /> {t('navVolVerify')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('volVerifyHint')}</Typography.Paragraph>
      <Form
        layout="vertical"
        name="vol-verify"
        requiredMark={false}
        initialValues={{ number: params.get('number') ?? '', verificationCode: '' }}
        onFinish={(values) => void check(values)}
      >
        <Form.Item name="number" label={t('volCertificateNumber')} rules={[{ required: true, max: 64, message: t('required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="verificationCode" label={t('volVerificationCode')} rules={[{ required: true, max: 64, message: t('required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={checking}>
          {t('volVerify')}
        </Button>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginTop: 16 }} />}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="check-result" role="status">
          {result.valid ? (
            <Alert type="success" showIcon title={t('volCertificateValid')} />
          ) : result.revoked ? (
            <Alert type="error" showIcon title={t('volCertificateRevoked')} />
          ) : (
            <Alert type="warning" showIcon title={t('volCertificateUnknown')} />
          )}
          {result.volunteerName && (
            <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('volCertificateNumber')}>{result.number}</Descriptions.Item>
              <Descriptions.Item label={t('volVolunteer')}>{result.volunteerName}</Descriptions.Item>
              <Descriptions.Item label={t('volTotalHours')}>{result.hours !== null && result.hours !== undefined ? hoursText(result.hours) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('volStarLevel')}>
                <Stars level={result.starLevel ?? 0} />
              </Descriptions.Item>
              <Descriptions.Item label={t('volIssuedBy')}>{result.issuedByName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('volIssuedAt')}>{formatTime(result.issuedAt, lang)}</Descriptions.Item>
            </Descriptions>
          )}
        </div>
      )}
      {!me && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Link to="/">{t('signIn')}</Link>
          <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </Button>
        </div>
      )}
    </Card>
  );
  return me ? card : <main className="gg-login">{card}</main>;
}
