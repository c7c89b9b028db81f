import { Tag } from 'antd';
import type { CombinedError } from '@urql/core';
import type { RequestRowFragment, RequestStatus } from './gql/graphql';
import { useI18n } from './i18n';
import type { MessageKey } from './messages';

/** Status colours dark enough on their tint for WCAG AA (antd's preset tags are not). */
const STATUS_STYLE: Record<RequestStatus, { color: string; background: string; borderColor: string }> = {
  PENDING_DISPATCH: { color: '#ad4e00', background: '#fff7e6', borderColor: '#ffd591' },
  ASSIGNED: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  IN_PROGRESS: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  RESOLVED: { color: '#00474f', background: '#e6fffb', borderColor: '#87e8de' },
  CLOSED: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  CANCELLED: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useI18n();
  return (
    <Tag style={STATUS_STYLE[status]} data-status={status}>
      {t(`status${status}` as MessageKey)}
    </Tag>
  );
}

export const OPEN_STATUSES: RequestStatus[] = ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED'];

/** Past a due time and not yet resolved: what the API's `overdue` filter means. */
export function isOverdue(r: Pick<RequestRowFragment, 'status' | 'acceptDueAt' | 'resolveDueAt'>, now = Date.now()): boolean {
  if (!['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS'].includes(r.status)) return false;
  if (r.acceptDueAt && Date.parse(r.acceptDueAt) < now) return true;
  return Date.parse(r.resolveDueAt) < now;
}

export function formatTime(iso: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** An API error in the user's words; `extensions.code` decides, the server's message adds detail. */
export function errorText(error: CombinedError | undefined, t: ReturnType<typeof useI18n>['t']): string {
  if (!error) return '';
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  switch (code) {
    case 'NOT_FOUND':
      return t('notFound');
    case 'FORBIDDEN':
      return t('forbidden');
    case 'RATE_LIMITED':
      return t('rateLimited');
    case 'CONFLICT':
      return t('notAllowedNow', { message: first.message });
    case 'BAD_USER_INPUT': {
      const field = first.extensions?.field;
      return field ? `${first.message} (${String(field)})` : first.message;
    }
    default:
      return error.networkError ? t('networkError') : (first?.message ?? t('error'));
  }
}

export const LEVEL_BELOW: Record<string, string | undefined> = {
  STREET_COMMITTEE: 'GENERAL_BRANCH',
  GENERAL_BRANCH: 'BRANCH',
  BRANCH: 'COURTYARD_GROUP',
};

export const LEVEL_ABOVE: Record<string, string | undefined> = {
  GENERAL_BRANCH: 'STREET_COMMITTEE',
  BRANCH: 'GENERAL_BRANCH',
  COURTYARD_GROUP: 'BRANCH',
};

/** Open requests as a map colour: none, a few, many. */
export function loadColour(open: number): string {
  return open === 0 ? '#52c41a' : open <= 2 ? '#faad14' : '#f5222d';
}
