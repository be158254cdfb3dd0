import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { type formHelpers, Select, TextArea } from './page-common.js';
import { placeOrigins } from './tables.js';

type Form = ReturnType<typeof formHelpers>;

/** Schedule a meeting: start, end (after the start), place, agenda. */
export function MeetingForm({
  t,
  lang,
  action,
  csrf,
  form,
}: {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  form: Form;
}) {
  return (
    <section aria-labelledby="meeting-form-title">
      <h3 id="meeting-form-title">{t('groups.addMeeting')}</h3>
      <FormErrors t={t} lang={lang} problems={form.problems} idPrefix="meeting" />
      <PostForm action={action} csrf={csrf} label={t('groups.addMeeting')}>
        <Field
          t={t}
          idPrefix="meeting"
          name="startsAt"
          type="datetime-local"
          label={t('groups.field.startsAt')}
          value={form.sent('startsAt')}
          problem={form.p('startsAt')}
          required
        />
        <Field
          t={t}
          idPrefix="meeting"
          name="endsAt"
          type="datetime-local"
          label={t('groups.field.endsAt')}
          value={form.sent('endsAt')}
          problem={form.p('endsAt')}
          required
        />
        <Field
          t={t}
          idPrefix="meeting"
          name="place"
          label={t('groups.field.meetingPlace')}
          value={form.sent('place')}
          problem={form.p('place')}
        />
        <TextArea
          id="meeting-agenda"
          name="agenda"
          label={t('groups.field.agenda')}
          value={form.sent('agenda')}
          problem={form.p('agenda')}
        />
        <button type="submit">{t('groups.addMeeting')}</button>
      </PostForm>
    </section>
  );
}

/** Add a place of concern: typed point, a report's point, or (police members of a sharing group) an entry's point. */
export function PlaceForm({
  t,
  lang,
  action,
  csrf,
  form,
  police,
}: {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  form: Form;
  police: boolean;
}) {
  const origins = placeOrigins.filter((o) => o !== 'police' || police);
  return (
    <section aria-labelledby="place-form-title">
      <h3 id="place-form-title">{t('groups.addPlace')}</h3>
      <FormErrors t={t} lang={lang} problems={form.problems} idPrefix="place" />
      <PostForm action={action} csrf={csrf} label={t('groups.addPlace')}>
        <Field
          t={t}
          idPrefix="place"
          name="name"
          label={t('groups.field.placeName')}
          value={form.sent('name')}
          problem={form.p('name')}
          required
        />
        <Select
          t={t}
          id="place-origin"
          name="origin"
          label={t('groups.field.origin')}
          value={form.sent('origin') ?? 'report'}
          problem={form.p('origin')}
          options={origins.map((o) => ({ value: o, label: t(`groups.origin.${o}`) }))}
        />
        <Field
          t={t}
          idPrefix="place"
          name="reportId"
          label={t('groups.field.reportId')}
          hint={t('groups.field.reportHint')}
          value={form.sent('reportId')}
          problem={form.p('reportId')}
        />
        <Field t={t} idPrefix="place" name="lat" label={t('groups.field.lat')} value={form.sent('lat')} problem={form.p('lat')} />
        <Field t={t} idPrefix="place" name="lon" label={t('groups.field.lon')} value={form.sent('lon')} problem={form.p('lon')} />
        {police ? (
          <Field
            t={t}
            idPrefix="place"
            name="policeEntryId"
            label={t('groups.field.policeEntryId')}
            value={form.sent('policeEntryId')}
            problem={form.p('policeEntryId')}
          />
        ) : null}
        <Field
          t={t}
          idPrefix="place"
          name="radiusM"
          type="number"
          label={t('groups.field.radiusM')}
          value={form.sent('radiusM') ?? '100'}
          problem={form.p('radiusM')}
        />
        <Field
          t={t}
          idPrefix="place"
          name="openedOn"
          type="date"
          label={t('groups.field.openedOn')}
          value={form.sent('openedOn')}
          problem={form.p('openedOn')}
        />
        <button type="submit">{t('groups.addPlace')}</button>
      </PostForm>
    </section>
  );
}
