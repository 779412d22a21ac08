import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine } from '../../src/core/csv.js';

describe('CSV lines', () => {
  it('quotes commas, quotes and line breaks', () => {
    assert.equal(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines']), 'a,"b,c","say ""hi""","two\nlines"\r\n');
  });

  it('defuses spreadsheet formulas', () => {
    assert.equal(csvLine(['=1+1', '+A1', '-2', '@SUM(A1)']), "'=1+1,'+A1,'-2,'@SUM(A1)\r\n");
  });

  it('writes empty cells for null and undefined', () => {
    assert.equal(csvLine([null, undefined, 0]), ',,0\r\n');
  });
});
