/** The About me headings, in the order they are shown. Keys are stored with each revision. */
export const ABOUT_ME_HEADINGS = [
  { key: 'what_matters', title: 'What matters most to me' },
  { key: 'people_important', title: 'People who are important to me' },
  { key: 'how_i_communicate', title: 'How I communicate and how to communicate with me' },
  { key: 'my_wellness', title: 'My wellness' },
  { key: 'please_do', title: 'Please do' },
  { key: 'please_dont', title: "Please don't" },
  { key: 'how_to_support', title: 'How and when to support me' },
  { key: 'also_worth_knowing', title: 'Also worth knowing about me' },
] as const;

export type AboutMeHeadingKey = (typeof ABOUT_ME_HEADINGS)[number]['key'];

/** Long enough for a few paragraphs in the person's words, short enough to read at a glance. */
export const ABOUT_ME_MAX_LENGTH = 2000;

export const aboutMeHeading = (key: string) => ABOUT_ME_HEADINGS.find((heading) => heading.key === key);
