import type { Translate } from '../../../platform/i18n/i18n.js';
import { Field } from '../../../platform/pages/forms.js';
import { Select, TextArea } from './page-common.js';
import { sheetStates } from './tables.js';

/** The fields of an action sheet: blank for a new one, filled (`form.v`) to edit one. */
export function SheetFields({
  t,
  form,
  axes,
  organisations,
  territories,
  chosenPartners,
  chosenTerritories,
}: {
  t: Translate;
  form: { v(name: string): string | undefined; p(name: string): string | undefined };
  axes: { id: string; label: string }[];
  organisations: { id: string; name: string }[];
  territories: { id: string; kind: string; name: string }[];
  chosenPartners?: string[];
  chosenTerritories?: string[];
}) {
  return (
    <>
      <Select
        idPrefix="sheet"
        name="axisId"
        label={t('council.axisChoose')}
        value={form.v('axisId')}
        problem={form.p('axisId')}
        options={axes.map((a) => ({ value: a.id, label: a.label }))}
      />
      <Field
        t={t}
        idPrefix="sheet"
        name="title"
        label={t('council.sheetTitle')}
        value={form.v('title')}
        problem={form.p('title')}
        required
      />
      <TextArea
        idPrefix="sheet"
        name="objective"
        label={t('council.objective')}
        value={form.v('objective')}
        problem={form.p('objective')}
      />
      <Select
        idPrefix="sheet"
        name="leadOrganisationId"
        label={t('council.lead')}
        value={form.v('leadOrganisationId')}
        problem={form.p('leadOrganisationId')}
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
      />
      <Select
        idPrefix="sheet"
        name="partnerOrganisationIds"
        label={t('council.partners')}
        value={chosenPartners}
        multiple
        problem={form.p('partnerOrganisationIds')}
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
      />
      <Select
        idPrefix="sheet"
        name="territoryIds"
        label={t('council.territories')}
        value={chosenTerritories}
        multiple
        problem={form.p('territoryIds')}
        options={territories.map((r) => ({ value: r.id, label: `${r.name} (${r.kind})` }))}
      />
      <Field
        t={t}
        idPrefix="sheet"
        name="publicConcerned"
        label={t('council.publicConcerned')}
        value={form.v('publicConcerned')}
        problem={form.p('publicConcerned')}
      />
      <TextArea idPrefix="sheet" name="means" label={t('council.means')} value={form.v('means')} problem={form.p('means')} />
      <Field
        t={t}
        idPrefix="sheet"
        name="startsOn"
        type="date"
        label={t('council.startsOn')}
        value={form.v('startsOn')}
        problem={form.p('startsOn')}
        required
      />
      <Field
        t={t}
        idPrefix="sheet"
        name="endsOn"
        type="date"
        label={t('council.endsOn')}
        value={form.v('endsOn')}
        problem={form.p('endsOn')}
        required
      />
      <Select
        idPrefix="sheet"
        name="state"
        label={t('council.state')}
        value={form.v('state') ?? 'active'}
        problem={form.p('state')}
        options={sheetStates.map((s) => ({ value: s, label: t(`council.sheetState.${s}`) }))}
      />
    </>
  );
}
