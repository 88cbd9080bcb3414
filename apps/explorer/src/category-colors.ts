/** One colour per category, shared by the badges' CSS (styles.css) and the chart's lines. */
export const CATEGORY_COLORS: Record<string, string> = {
  party: '#6d28d9',
  page_view: '#1d4ed8',
  click: '#047857',
  form_submit: '#b45309',
  error: '#b91c1c',
};

export const OTHER_COLOR = '#475569';
