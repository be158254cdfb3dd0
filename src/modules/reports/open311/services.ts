import type { Category } from '../category-queries.js';
import type { AttributeType } from '../tables.js';

/** What a client may type, for each attribute datatype (the spec's datatype_description). */
const datatypeDescription: Record<AttributeType, string> = {
  string: 'Texte court (200 caractères au plus)',
  text: 'Texte (2000 caractères au plus)',
  number: 'Nombre',
  datetime: 'Date et heure ISO 8601',
  singlevaluelist: 'Une clé parmi les valeurs',
  multivaluelist: 'Une ou plusieurs clés parmi les valeurs (attribute[code][]=…)',
};

/** A category as an Open311 service (GET services). Names are French, the tenant's language. */
export function serviceOf(category: Category) {
  return {
    service_code: category.code,
    service_name: category.name.fr,
    description: category.description.fr,
    metadata: category.attributes.length > 0,
    type: 'realtime',
    keywords: category.keywords.join(', '),
    group: category.group,
  };
}

/** A category's questions as an Open311 service definition (GET services/{code}). */
export function serviceDefinitionOf(category: Category) {
  return {
    service_code: category.code,
    attributes: category.attributes.map((a) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: datatypeDescription[a.datatype],
      order: a.order,
      description: a.description.fr,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name.fr })) } : {}),
    })),
  };
}
