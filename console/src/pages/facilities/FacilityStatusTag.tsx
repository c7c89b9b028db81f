import { Tag } from 'antd';
import type { FacilityStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';

export const FACILITY_STATUSES: FacilityStatus[] = ['IN_SERVICE', 'OUT_OF_SERVICE', 'REMOVED'];

/** Tag colours dark enough on their tint for WCAG AA; `marker` is the dot on the map. */
export const FACILITY_STATUS_STYLE: Record<FacilityStatus, { color: string; background: string; borderColor: string; marker: string }> = {
  IN_SERVICE: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f', marker: '#389e0d' },
  OUT_OF_SERVICE: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e', marker: '#cf1322' },
  REMOVED: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9', marker: '#8c8c8c' },
};

export function FacilityStatusTag({ status }: { status: FacilityStatus }) {
  const { t } = useI18n();
  const { color, background, borderColor } = FACILITY_STATUS_STYLE[status];
  return (
    <Tag style={{ color, background, borderColor }} data-facility-status={status}>
      {t(`facilityStatus${status}` as MessageKey)}
    </Tag>
  );
}
