import { Alert, App, Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { isStaff, useMe } from '../../auth';
import type { RequestStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { LatLng } from '../../map/gcj02';
import { CancelMutation } from '../../ops';
import { errorText, formatTime, StatusTag } from '../../util';
import { FacilityStatusTag } from './FacilityStatusTag';
import { RequestExtrasQuery } from './ops';

const OPEN: RequestStatus[] = ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED'];

/** Metres between two points on the sphere the server uses (haversine, R = 6,371,008.8 m). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * On a request's page: the facility it is about, how many follow it, and, for staff in scope
 * (the API answers nobody else), its possible duplicates, each with one click to cancel this
 * request as a duplicate of it.
 */
export function RequestExtras({ request, onChanged }: { request: { id: string; version: number; status: RequestStatus }; onChanged(): void }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [extras, refetch] = useQuery({ query: RequestExtrasQuery, variables: { id: request.id }, requestPolicy: 'network-only' });
  const [cancelState, cancel] = useMutation(CancelMutation);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const data = extras.data?.serviceRequest;
  if (!data) return null;
  const duplicates = data.possibleDuplicates;
  const canCancel = isStaff(me) && OPEN.includes(request.status);

  const cancelAsDuplicateOf = async (other: { id: string; number: string }) => {
    setBusyId(other.id);
    const result = await cancel({
      input: { requestId: request.id, expectedVersion: request.version, duplicateOfId: other.id, reason: t('duplicateReason', { number: other.number }) },
    });
    setBusyId(null);
    if (result.error) return setProblem(errorText(result.error, t));
    setProblem(null);
    void message.success(t('cancelledAsDuplicate', { number: other.number }));
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };

  return (
    <>
      {(data.facility || data.followerCount > 0) && (
        <Card size="small" title={t('facilityAndFollowers')} style={{ marginTop: 16 }} data-testid="request-facility">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            {data.facility && (
              <>
                <Descriptions.Item label={t('facility')}>
                  {isStaff(me) ? (
                    <Link to={`/facilities?courtyard=${encodeURIComponent(data.facility.courtyard.id)}`}>{data.facility.name}</Link>
                  ) : (
                    data.facility.name
                  )}{' '}
                  · {data.facility.type.name} · {data.facility.code}
                </Descriptions.Item>
                <Descriptions.Item label={t('facilityStatus')}>
                  <FacilityStatusTag status={data.facility.status} />
                </Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('followers')}>{data.followerCount}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {isStaff(me) && (
        <Card size="small" title={t('possibleDuplicates')} style={{ marginTop: 16 }} data-testid="possible-duplicates">
          {problem && <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} role="alert" />}
          {/* antd's own empty text of a list is too pale for WCAG AA. */}
          {duplicates.length === 0 ? (
            <Typography.Text type="secondary">{t('noDuplicates')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={duplicates}
              renderItem={(d) => (
                <List.Item
                  data-testid="duplicate-row"
                  actions={
                    canCancel && d.status !== 'CANCELLED'
                      ? [
                          <Button key="cancel" danger size="small" loading={cancelState.fetching && busyId === d.id} onClick={() => void cancelAsDuplicateOf(d)}>
                            {t('cancelAsDuplicateOf', { number: d.number })}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Space direction="vertical" size={2}>
                    <Space wrap>
                      <Link to={`/requests/${encodeURIComponent(d.id)}`}>{d.number}</Link>
                      <StatusTag status={d.status} />
                      {d.facility && <Tag>{d.facility.code}</Tag>}
                      {data.location && d.location && (
                        <Typography.Text type="secondary">{t('metresAway', { m: Math.round(distanceMeters(data.location, d.location)) })}</Typography.Text>
                      )}
                    </Space>
                    <Typography.Text>{d.description}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {formatTime(d.createdAt, lang)} · {d.courtyard?.name ?? '—'}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </>
  );
}
