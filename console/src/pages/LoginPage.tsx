import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useMutation } from 'urql';
import { useSession } from '../auth';
import { useI18n } from '../i18n';
import { LoginMutation, RegisterMutation } from '../ops';
import { errorText } from '../util';

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { signIn } = useSession();
  const [login, runLogin] = useMutation(LoginMutation);
  const [registration, runRegister] = useMutation(RegisterMutation);
  const [error, setError] = useState<string | null>(null);

  const onLogin = async (values: { username: string; password: string }) => {
    setError(null);
    const result = await runLogin({ input: values });
    if (result.data?.login) signIn(result.data.login.token);
    else setError(result.error?.graphQLErrors[0]?.extensions?.code === 'UNAUTHENTICATED' ? t('loginFailed') : errorText(result.error, t));
  };

  const onRegister = async (values: { username: string; password: string; name: string; phone?: string }) => {
    setError(null);
    const result = await runRegister({ input: { ...values, phone: values.phone || undefined } });
    if (result.data?.registerResident) signIn(result.data.registerResident.token);
    else setError(errorText(result.error, t));
  };

  return (
    <main className="gg-login">
      <Card className="gg-login-card">
        <Typography.Title level={3} className="gg-login-title">
          {t('appName')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('appSubtitle')}
        </Typography.Paragraph>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
        <Tabs
          centered
          onChange={() => setError(null)}
          items={[
            {
              key: 'login',
              label: t('signIn'),
              children: (
                <Form layout="vertical" onFinish={onLogin} requiredMark={false} name="login">
                  <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
                    <Input prefix={<UserOutlined />} autoComplete="username" />
                  </Form.Item>
                  <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
                    <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block loading={login.fetching}>
                    {t('signIn')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'register',
              label: t('register'),
              children: (
                <Form layout="vertical" onFinish={onRegister} requiredMark={false} name="register">
                  <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
                    <Input autoComplete="username" />
                  </Form.Item>
                  <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}>
                    <Input autoComplete="name" />
                  </Form.Item>
                  <Form.Item name="phone" label={t('phone')}>
                    <Input autoComplete="tel" inputMode="tel" />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={t('password')}
                    extra={t('passwordRule')}
                    rules={[{ required: true, min: 10, max: 128, message: t('passwordRule') }]}
                  >
                    <Input.Password autoComplete="new-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block loading={registration.fetching}>
                    {t('register')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </Button>
        </div>
      </Card>
    </main>
  );
}
