// A small consumer of the exported theme module (copied next to this file as tokens.ts),
// type-checked with `tsc --noEmit --strict`: the theme works as a typed React-style theme object.
import theme, {
  palette,
  scales,
  schemes,
  tokens,
  fontFamilies,
  fontWeights,
  typography,
  spacing,
  radius,
  shadows,
  type PaletteColorName,
  type ScaleName,
  type ScaleStep,
  type SchemeName,
  type SemanticColors,
  type Theme,
  type Token,
  type FontFamilyName,
  type FontWeightName,
  type TypographyName,
  type TypographyStyle,
  type SpacingName,
  type RadiusName,
  type ShadowName,
} from "./tokens";

interface ThemeProviderProps {
  theme: Theme;
  scheme: SchemeName;
}

/** What a React `style` prop needs from a text style. */
interface TextCSS {
  fontFamily: string;
  fontSize: string;
  fontWeight: number;
  lineHeight: number;
  letterSpacing: string;
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

function textStyle(name: TypographyName): TextCSS {
  return typography[name];
}

function stack(name: FontFamilyName): readonly string[] {
  return fontFamilies[name].families;
}

function weight(name: FontWeightName): number {
  return fontWeights[name];
}

function box(s: SpacingName, r: RadiusName, e: ShadowName): string {
  return `${spacing[s]} ${radius[r]} ${shadows[e]}`;
}

const names = Object.keys(palette) as PaletteColorName[];
const scaleNames = Object.keys(scales) as ScaleName[];
const schemeNames = Object.keys(schemes) as SchemeName[];
const first: Token = tokens[0];
const light: SemanticColors = colorsFor({ theme, scheme: schemeNames[0] });
const body: TypographyStyle = theme.typography.body;
const hexes: string[] = [
  ...names.map(swatch),
  ...scaleNames.map((n) => step(n, 500)),
  first.hex,
  light.primary,
  theme.colors.primary,
];
const fonts: string[] = [
  ...(Object.keys(typography) as TypographyName[]).map((n) => textStyle(n).fontFamily),
  ...(Object.keys(fontFamilies) as FontFamilyName[]).flatMap(stack),
  body.fontSize,
  String(weight("regular") + body.lineHeight),
  box(
    (Object.keys(spacing) as SpacingName[])[0],
    (Object.keys(radius) as RadiusName[])[0],
    (Object.keys(shadows) as ShadowName[])[0],
  ),
];
// @ts-expect-error: not a palette color
swatch("no-such-color");
// @ts-expect-error: not a text style
textStyle("no-such-style");
// @ts-expect-error: a weight is a number, not a string
const weightName: string = fontWeights.regular;
export default [...hexes, ...fonts, weightName];
