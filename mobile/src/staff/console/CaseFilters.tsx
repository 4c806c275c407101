import { useTranslation } from 'react-i18next';
import { CATEGORIES } from '@smt/shared/categories';
import { CASE_STATES } from '@smt/shared/workflow/state-machine';
import { currentLanguage } from '../../i18n/index.ts';
import type { CaseFilter, StatusFilter } from '../case-filter.ts';
import { DISTRICT_NAMES } from './districts.ts';

interface Props {
  value: CaseFilter;
  onChange(next: CaseFilter): void;
}

/** Search and filters of the console's queue; plain form controls, quick with a keyboard. */
export function CaseFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const set = (patch: Partial<CaseFilter>) => onChange({ ...value, ...patch });
  return (
    <div className="console-filters">
      <input
        type="search"
        data-testid="console-search"
        placeholder={t('staff.console.search')}
        aria-label={t('staff.console.search')}
        value={value.text}
        onChange={(e) => set({ text: e.target.value })}
      />
      <label>
        {t('staff.console.status')}
        <select
          data-testid="console-filter-status"
          value={value.status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
        >
          <option value="open">{t('staff.console.openCases')}</option>
          <option value="new">{t('staff.console.newReports')}</option>
          <option value="all">{t('staff.console.any')}</option>
          {CASE_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`caseState.${state}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('staff.console.district')}
        <select
          data-testid="console-filter-district"
          value={value.district}
          onChange={(e) => set({ district: e.target.value })}
        >
          <option value="">{t('staff.console.any')}</option>
          {DISTRICT_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('staff.console.category')}
        <select
          data-testid="console-filter-category"
          value={value.category}
          onChange={(e) => set({ category: e.target.value })}
        >
          <option value="">{t('staff.console.any')}</option>
          {CATEGORIES.map((major) => (
            <option key={major.code} value={major.code}>
              {major.name[lng]}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="console-filter-overdue"
          checked={value.overdueOnly}
          onChange={(e) => set({ overdueOnly: e.target.checked })}
        />
        {t('staff.console.overdueOnly')}
      </label>
    </div>
  );
}
