import { Button } from 'antd';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { useI18n } from '../../i18n';

interface Page<N> {
  nodes: readonly N[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * A connection read page by page (50 a page): the first page on mount and whenever `key`
 * changes, further pages appended by `more()`, everything again by `reload()`.
 */
export function usePaged<Q, V extends { after?: string | null }, N>(
  query: TypedDocumentNode<Q, V>,
  variables: Omit<V, 'after'>,
  select: (data: Q) => Page<N>,
  key: string,
) {
  const client = useClient();
  const [nodes, setNodes] = useState<N[] | null>(null);
  const [page, setPage] = useState<Page<N> | null>(null);
  const [error, setError] = useState<CombinedError | undefined>();
  const [fetching, setFetching] = useState(false);
  const [generation, setGeneration] = useState(0);

  const load = useCallback(
    async (after: string | null, append: boolean) => {
      setFetching(true);
      const res = await client.query(query, { ...variables, after } as V, { requestPolicy: 'network-only' }).toPromise();
      setFetching(false);
      setError(res.error);
      if (!res.data) return;
      const next = select(res.data);
      setPage(next);
      setNodes((prev) => (append && prev ? [...prev, ...next.nodes] : [...next.nodes]));
    },
    // `key` stands for the variables.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, query, key],
  );

  useEffect(() => {
    void load(null, false);
  }, [load, generation]);

  return {
    nodes,
    totalCount: page?.totalCount ?? 0,
    error,
    fetching,
    hasMore: !!page?.pageInfo.hasNextPage,
    more: () => void load(page?.pageInfo.endCursor ?? null, true),
    reload: () => setGeneration((g) => g + 1),
  };
}

/** "Showing n of m", and the button that loads the next page. */
export function MoreButton({ shown, total, hasMore, fetching, onMore }: { shown: number; total: number; hasMore: boolean; fetching: boolean; onMore: () => void }) {
  const { t } = useI18n();
  return (
    <div style={{ marginTop: 12, display: 'flex', gap: 12, alignItems: 'center' }}>
      <span>{t('asShown', { shown, total })}</span>
      {hasMore && (
        <Button size="small" loading={fetching} onClick={onMore}>
          {t('asMore')}
        </Button>
      )}
    </div>
  );
}
