// The custom HubSpot properties Tributary writes, and the values it writes to them. Pure: no I/O.
// Definitions follow the CRM v3 properties API (name, label, type, fieldType, groupName); values follow its
// formats: strings as they are, datetimes as ISO 8601 in UTC, and "" to clear a property whose model is null.
import type { ExportedTouchpointRef } from '../../core/export/shapes.js';
import { sha256Hex } from '../hash.js';

export type HubspotObjectType = 'companies' | 'contacts';

export const PROPERTY_GROUP = { name: 'tributary_attribution', label: 'Tributary attribution', displayOrder: -1 } as const;

export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  /** HubSpot's data type; `datetime` stores a point in time (`date` would have to be midnight UTC). */
  type: 'string' | 'datetime';
  /** How HubSpot shows it: a valid pairing with `type` (string/text, datetime/date), which v3 enforces. */
  fieldType: 'text' | 'date';
  groupName: string;
}

/** The models each object type carries, in the order their properties are listed. */
export const MODELS = {
  companies: ['first_touch', 'last_touch', 'first_touch_28d', 'original_source'],
  contacts: ['first_touch'],
} as const satisfies Record<HubspotObjectType, readonly string[]>;

export type CompanyModel = (typeof MODELS.companies)[number];
type Model = CompanyModel;

const MODEL_LABELS: Record<Model, string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  first_touch_28d: 'First touch (28 days)',
  original_source: 'Original source',
};

type Field = 'channel' | 'source' | 'medium' | 'campaign' | 'click_id_type' | 'date';

const FIELDS: ReadonlyArray<{ field: Field; label: string; type: PropertyDefinition['type']; fieldType: PropertyDefinition['fieldType'] }> = [
  { field: 'channel', label: 'channel', type: 'string', fieldType: 'text' },
  { field: 'source', label: 'source', type: 'string', fieldType: 'text' },
  { field: 'medium', label: 'medium', type: 'string', fieldType: 'text' },
  { field: 'campaign', label: 'campaign', type: 'string', fieldType: 'text' },
  { field: 'click_id_type', label: 'click ID type', type: 'string', fieldType: 'text' },
  { field: 'date', label: 'date', type: 'datetime', fieldType: 'date' },
];

export const propertyName = (model: Model, field: Field): string => `tributary_${model}_${field}`;

export function propertyDefinitions(objectType: HubspotObjectType): PropertyDefinition[] {
  return MODELS[objectType].flatMap((model) => FIELDS.map((f) => ({
    name: propertyName(model, f.field),
    label: `${MODEL_LABELS[model]}: ${f.label}`,
    description: `Tributary ${MODEL_LABELS[model].toLowerCase()} attribution (${f.label}).`,
    type: f.type,
    fieldType: f.fieldType,
    groupName: PROPERTY_GROUP.name,
  })));
}

/** Names the definition set, so a store knows whether the account has all of them. */
export function definitionsHash(objectType: HubspotObjectType): string {
  return sha256Hex(JSON.stringify([PROPERTY_GROUP, propertyDefinitions(objectType)])).slice(0, 16);
}

function fieldValue(t: ExportedTouchpointRef | null, field: Field): string {
  if (t === null) return '';
  switch (field) {
    case 'channel': return t.channel;
    case 'source': return t.source;
    case 'medium': return t.medium;
    case 'campaign': return t.campaign ?? '';
    case 'click_id_type': return t.click_id?.type ?? '';
    // occurred_at is already ISO 8601 in UTC (shapes.ts), one of the two datetime formats HubSpot accepts.
    case 'date': return t.occurred_at;
    default: {
      const never: never = field;
      throw new Error(`unknown field ${String(never)}`);
    }
  }
}

export type PropertyValues = Record<string, string>;

/** The property values of one record, from its models (a model missing from `models` counts as null). */
export function propertyValues(objectType: HubspotObjectType, models: Partial<Record<Model, ExportedTouchpointRef | null>>): PropertyValues {
  const values: PropertyValues = {};
  for (const model of MODELS[objectType]) {
    for (const f of FIELDS) values[propertyName(model, f.field)] = fieldValue(models[model] ?? null, f.field);
  }
  return values;
}

/** What "unchanged" compares: the values in their fixed order. */
export const valuesHash = (values: PropertyValues): string => sha256Hex(JSON.stringify(values));
