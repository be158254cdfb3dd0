import { problemText } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { csvEncodings } from './csv-read.js';
import type { FormState } from './page-common.js';

/** The export link and the upload form of a CSV file; a refused file lists each problem by line and column. */
export function CsvTransfer({
  t,
  lang,
  csrf,
  download,
  upload,
  state,
}: {
  t: Translate;
  lang: Lang;
  csrf: string;
  download: string;
  upload: string;
  state: FormState;
}) {
  const refused = state.values?.form === 'import' ? (state.problems ?? []) : [];
  return (
    <section aria-labelledby="csv-title">
      <h2 id="csv-title">{t('police.csvTitle')}</h2>
      <p>
        <a href={download} download>
          {t('police.csvDownload')}
        </a>
      </p>
      {refused.length > 0 ? (
        <div class="form-errors" role="alert" id="import-problems">
          <p>{t('police.csvRefused', { count: refused.length })}</p>
          <ul>
            {refused.map((p) => (
              <li>{problemText(p, lang)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={upload} enctype="multipart/form-data" aria-label={t('police.csvUpload')}>
        <input type="hidden" name="_csrf" value={csrf} />
        <p class="hint" id="field-file-hint">
          {t('police.csvHint')}
        </p>
        <div class="field">
          <label for="field-file">{t('police.csvFile')}</label>
          <input id="field-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="field-file-hint" />
        </div>
        <div class="field">
          <label for="field-encoding">{t('police.csvEncoding')}</label>
          <select id="field-encoding" name="encoding">
            {csvEncodings.map((e) => (
              <option value={e} selected={e === (state.values?.encoding ?? 'utf-8')}>
                {t(e === 'utf-8' ? 'police.csvUtf8' : 'police.csvWindows')}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('police.csvUpload')}</button>
      </form>
    </section>
  );
}
