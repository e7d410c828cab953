// `tributary export`: JSON Lines, one entity a line, sorted by id (CONTRACT section 5); credits one line per
// (entity, touchpoint, model) (section 9). Read in pages, so an export of millions of rows streams in constant memory.
import { exportedTouchpoint } from '../core/export/shapes.js';
import type { Sql } from '../ports/sql.js';
import type { CreditModel } from '../core/attribution/credits.js';
import { CREDIT_ENTITIES, creditEntityKeys, loadCredits } from '../store/bi/attribution-credits.js';
import { loadCompanyAttributions, loadContactAttributions } from '../store/bi/attribution-results.js';
import { fromRow, TOUCHPOINT_COLUMNS, type TouchpointRow } from '../store/bi/touchpoints.js';

export const EXPORT_KINDS = ['companies', 'contacts', 'touchpoints', 'credits'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const PAGE = 2000;
const CREDIT_PAGE = 500;

export async function* exportObjects(sql: Sql, kind: ExportKind, options: { model?: CreditModel } = {}): AsyncGenerator<object> {
  switch (kind) {
    case 'credits':
      // Companies, then contacts, each by id: the keys are read once, the credits a page of entities at a time.
      for (const entity of CREDIT_ENTITIES) {
        const keys = await creditEntityKeys(sql, entity);
        for (let i = 0; i < keys.length; i += CREDIT_PAGE) yield* await loadCredits(sql, entity, keys.slice(i, i + CREDIT_PAGE), options.model ?? null);
      }
      return;
    case 'companies':
      for (let after: string | null = null; ;) {
        const page = await loadCompanyAttributions(sql, null, { after, limit: PAGE });
        yield* page;
        if (page.length < PAGE) return;
        after = page[page.length - 1]!.company_id;
      }
    case 'contacts':
      for (let after: string | null = null; ;) {
        const page = await loadContactAttributions(sql, null, { after, limit: PAGE });
        yield* page;
        if (page.length < PAGE) return;
        after = page[page.length - 1]!.contact_id;
      }
    case 'touchpoints':
      for (let after: string | null = null; ;) {
        const { rows }: { rows: TouchpointRow[] } = await sql.query<TouchpointRow>(
          `SELECT ${TOUCHPOINT_COLUMNS} FROM bi.interaction_touchpoints
           ${after === null ? '' : 'WHERE touchpoint_id COLLATE "C" > $1'}
           ORDER BY touchpoint_id COLLATE "C" LIMIT ${PAGE}`, after === null ? [] : [after]);
        for (const r of rows) yield exportedTouchpoint(fromRow(r));
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.touchpoint_id;
      }
  }
}
