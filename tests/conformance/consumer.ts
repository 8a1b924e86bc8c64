// A small consumer of the exported theme module (copied next to this file as tokens.ts),
// type-checked with `tsc --noEmit --strict`: the theme works as a typed React-style theme object.
import theme, {
  palette,
  scales,
  schemes,
  tokens,
  type PaletteColorName,
  type ScaleName,
  type ScaleStep,
  type SchemeName,
  type SemanticColors,
  type Theme,
  type Token,
} from "./tokens";

interface ThemeProviderProps {
  theme: Theme;
  scheme: SchemeName;
}

function colorsFor({ theme, scheme }: ThemeProviderProps): SemanticColors {
  return theme.schemes[scheme];
}

function swatch(name: PaletteColorName): string {
  return palette[name];
}

function step(name: ScaleName, s: ScaleStep): string {
  return scales[name][s];
}

const names = Object.keys(palette) as PaletteColorName[];
const scaleNames = Object.keys(scales) as ScaleName[];
const schemeNames = Object.keys(schemes) as SchemeName[];
const first: Token = tokens[0];
const light: SemanticColors = colorsFor({ theme, scheme: schemeNames[0] });
const hexes: string[] = [
  ...names.map(swatch),
  ...scaleNames.map((n) => step(n, 500)),
  first.hex,
  light.primary,
  theme.colors.primary,
];
// @ts-expect-error: not a palette color
swatch("no-such-color");
export default hexes;
