/**
 * A virtualised table for long lists (50,000 staff): only the rows in view are in the DOM, and rows
 * are fetched from the services a page at a time as they scroll into view. Keyboard: Tab to a row,
 * Enter opens it.
 */
import { useRef, type ReactNode } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Spin } from 'antd';

export interface Column<T> {
  title: string;
  width: string;
  render: (row: T) => ReactNode;
}

interface Props<T> {
  /** Query key prefix + fetcher of one page. */
  queryKey: unknown[];
  fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  height: number | string;
  pageSize?: number;
  onTotal?: (total: number) => void;
  testId?: string;
}

const ROW_HEIGHT = 42;

export function VirtualTable<T>({ queryKey, fetchPage, columns, rowKey, onOpen, height, pageSize = 200, onTotal, testId }: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const grid = columns.map((c) => c.width).join(' ');
  const totalRef = useRef<number | null>(null);

  const first = useQueries({
    queries: [{ queryKey: [...queryKey, 0], queryFn: () => fetchPage(0, pageSize) }],
  })[0]!;
  const total = first.data?.total ?? 0;
  if (first.data && totalRef.current !== total) {
    totalRef.current = total;
    onTotal?.(total);
  }

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const pageIdx = [...new Set(items.map((i) => Math.floor(i.index / pageSize)))].filter((p) => p > 0);
  const pages = useQueries({
    queries: pageIdx.map((p) => ({ queryKey: [...queryKey, p], queryFn: () => fetchPage(p * pageSize, pageSize) })),
  });
  const rowAt = (i: number): T | undefined => {
    const p = Math.floor(i / pageSize);
    const data = p === 0 ? first.data : pages[pageIdx.indexOf(p)]?.data;
    return data?.rows[i - p * pageSize];
  };

  return (
    <div ref={scrollRef} style={{ height, overflow: 'auto', border: '1px solid #f0f0f0', background: '#fff' }} data-testid={testId} role="table">
      <div className="ebz-vt-header" style={{ gridTemplateColumns: grid, height: ROW_HEIGHT }} role="row">
        {columns.map((c) => (
          <div key={c.title} className="ebz-vt-cell" role="columnheader">
            {c.title}
          </div>
        ))}
      </div>
      {first.isPending ? (
        <Spin style={{ display: 'block', margin: 40 }} />
      ) : total === 0 ? (
        <Empty description="没有符合条件的记录" style={{ margin: 40 }} />
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const row = rowAt(vi.index);
            return (
              <div
                key={vi.key}
                className="ebz-vt-row"
                role="row"
                tabIndex={0}
                style={{ gridTemplateColumns: grid, height: ROW_HEIGHT, position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${vi.start}px)` }}
                onClick={() => row && onOpen?.(row)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && row) onOpen?.(row);
                }}
                data-rowkey={row ? rowKey(row) : undefined}
                data-index={vi.index}
              >
                {row
                  ? columns.map((c) => (
                      <div key={c.title} className="ebz-vt-cell" role="cell">
                        {c.render(row)}
                      </div>
                    ))
                  : <div className="ebz-vt-cell ebz-muted">加载中…</div>}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
