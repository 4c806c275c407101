import { categoryLabel } from '@smt/shared/categories';
import type { CategoryCodes } from '@smt/shared/workflow/actions';
import type { TaskDoc } from '@smt/shared/workflow/task';
import { currentLanguage } from '../i18n/index.ts';

/** The catalog's name for a category, or its codes when this build does not know them. */
export function categoryText(category: CategoryCodes): string {
  return (
    categoryLabel(category.major, category.minor, currentLanguage()) ??
    `${category.major}/${category.minor}`
  );
}

/** The case number once intake gave one; a short form of the case id before that. */
export function caseTitle(task: Pick<TaskDoc, 'caseNumber' | 'caseId'>): string {
  return task.caseNumber ?? task.caseId.slice(0, 16);
}
