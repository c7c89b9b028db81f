import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useMutation } from 'urql';
import { useSession } from '../auth';
import { useI18n } from '../i18n';
import { ChangePasswordMutation } from '../ops';
import { errorText } from '../util';

export default function PasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { signOut } = useSession();
  const [state, run] = useMutation(ChangePasswordMutation);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: { currentPassword: string; newPassword: string }) => {
    setError(null);
    const result = await run({ input: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
    if (result.data?.changePassword) {
      void message.success(t('passwordChanged'));
      signOut();
    } else {
      setError(
        result.error?.graphQLErrors[0]?.extensions?.code === 'UNAUTHENTICATED' ? t('loginFailed') : errorText(result.error, t),
      );
    }
  };

  return (
    <Card style={{ maxWidth: 480 }}>
      <Typography.Title level={4} className="gg-page-title">
        {t('changePassword')}
      </Typography.Title>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false} name="password">
        <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('newPassword')}
          extra={t('passwordRule')}
          rules={[{ required: true, min: 10, max: 128, message: t('passwordRule') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching}>
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}
