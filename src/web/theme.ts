import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

/** A calm sage-teal, dark enough at the primary shade for white text to pass WCAG AA. */
const sage: MantineColorsTuple = [
  '#eef6f4',
  '#dcebe7',
  '#b7d7cf',
  '#8fc2b5',
  '#6caf9f',
  '#559f8e',
  '#3f8574',
  '#2f6b5e',
  '#25584d',
  '#1a443b',
];

export const theme = createTheme({
  colors: { sage },
  primaryColor: 'sage',
  primaryShade: { light: 7, dark: 4 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  components: {
    Button: { defaultProps: { size: 'md' } },
    TextInput: { defaultProps: { size: 'md' } },
    PasswordInput: { defaultProps: { size: 'md' } },
    NativeSelect: { defaultProps: { size: 'md' } },
    Checkbox: { defaultProps: { size: 'md' } },
    Switch: { defaultProps: { size: 'md' } },
  },
});

/** Mantine's default "dimmed" grey and error red are below 4.5:1 on white: use darker shades. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-body': '#f7faf9',
    // Text on "light" badges and alerts: Mantine's yellow and orange are too pale to read on their tint.
    '--mantine-color-yellow-light-color': '#7c5800',
    '--mantine-color-orange-light-color': '#a33b06',
    // Badges and light buttons: the darkest shades keep text readable on their pale tint.
    '--mantine-color-sage-light-color': 'var(--mantine-color-sage-9)',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-color-gray-light-color': 'var(--mantine-color-gray-8)',
  },
  dark: {},
});
