/** The tab bar's id: toasts anchor above it, clear of page titles and the offline banner. */
export const TAB_BAR_ID = 'citizen-tab-bar';
