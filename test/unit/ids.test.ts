import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newTimeOrderedId } from '../../src/core/ids.js';

describe('time-ordered ids', () => {
  it('sort in creation order, also within one millisecond', () => {
    const ids = [
      newTimeOrderedId(5000),
      newTimeOrderedId(5000),
      newTimeOrderedId(5000),
      newTimeOrderedId(5001),
      newTimeOrderedId(4000),
    ];
    assert.deepEqual([...ids].sort(), ids.slice(0, 4).concat(ids[4] as string));
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
