import { Alert, App, Button, Card, Form, List, Space, Tag, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../../i18n';
import type { LatLng } from '../../map/gcj02';
import { errorText, formatTime, StatusTag } from '../../util';
import { FollowRequestMutation, SimilarRequestsQuery } from './ops';

/**
 * Before submitting: what is already reported of this category near the picked point (the
 * API's `similarServiceRequests`, which shows no reporter and no text), each with a button to
 * follow it instead of filing the same problem again. Asked once per category and point (each
 * ask counts against the caller's rate limit).
 */
export function SimilarReports({ form, location }: { form: FormInstance; location: LatLng | null }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const categoryCode = Form.useWatch('categoryCode', form) as string | undefined;
  const ready = !!categoryCode && !!location;
  const [similar] = useQuery({
    query: SimilarRequestsQuery,
    variables: { categoryCode: categoryCode ?? '', location: location ? { lat: location.lat, lng: location.lng } : null },
    pause: !ready,
  });
  const [follow, followRequest] = useMutation(FollowRequestMutation);
  const [followingId, setFollowingId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!ready) return null;
  const rows = similar.data?.similarServiceRequests ?? [];
  if (similar.error) return <Alert type="warning" showIcon title={errorText(similar.error, t)} style={{ marginBottom: 12 }} />;
  if (rows.length === 0) {
    return similar.fetching ? null : (
      <Typography.Paragraph type="secondary" data-testid="no-similar">
        {t('noSimilarReports')}
      </Typography.Paragraph>
    );
  }

  const onFollow = async (requestId: string, number: string) => {
    setFollowingId(requestId);
    const result = await followRequest({ input: { requestId } });
    setFollowingId(null);
    if (result.error) return setProblem(errorText(result.error, t));
    void message.success(t('followedNotice', { number }));
    navigate(`/requests/${encodeURIComponent(requestId)}`);
  };

  return (
    <Card size="small" title={t('similarReports')} style={{ marginBottom: 16 }} data-testid="similar-reports">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('similarHint')}
      </Typography.Paragraph>
      {problem && <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} style={{ marginBottom: 8 }} role="alert" />}
      <List
        size="small"
        dataSource={rows}
        renderItem={(r) => (
          <List.Item
            data-testid="similar-row"
            actions={[
              <Button key="follow" size="small" type="primary" loading={follow.fetching && followingId === r.requestId} onClick={() => void onFollow(r.requestId, r.number)}>
                {t('followInstead')}
              </Button>,
            ]}
          >
            <Space direction="vertical" size={2}>
              <Space wrap>
                <Typography.Text strong>{r.number}</Typography.Text>
                <StatusTag status={r.status} />
                {r.facilityCode && <Tag>{r.facilityCode}</Tag>}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {r.distanceMeters != null ? `${t('withinMetres', { m: r.distanceMeters })} · ` : ''}
                {formatTime(r.createdAt, lang)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
