import { Button, Group } from '@mantine/core';

interface KeysetPageButtonsProps {
  /** The cursor of the page shown; "" on the first page. */
  cursor: string;
  /** The cursor the server gave for the page after this one; none on the last page. */
  nextCursor: string | null | undefined;
  /** The page is still loading, so its next cursor is not known yet. */
  loading: boolean;
  /** Shows the page that starts at `cursor` ("" for the first page). */
  onPage: (cursor: string) => void;
}

/** First page / Next page under a list the server pages by cursor (there is no going back one page). */
export function KeysetPageButtons({ cursor, nextCursor, loading, onPage }: KeysetPageButtonsProps) {
  return (
    <Group>
      <Button variant="default" disabled={!cursor} onClick={() => onPage('')}>
        First page
      </Button>
      <Button variant="default" disabled={loading || !nextCursor} onClick={() => onPage(nextCursor ?? '')}>
        Next page
      </Button>
    </Group>
  );
}
