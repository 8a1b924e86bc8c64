"""Named font sets: which faces the generator may set each role in, and where their packages are pinned.

`benchmark` is the typography benchmark's own set (package.json here). `calibration` is a disjoint set
of other popular web fonts (calibration/package.json) plus CSS system stacks, for fitting the
extractor's constants without ever seeing the benchmark's fonts. Lists hold fontsource ids; a text
face sets body copy, a display face only headlines. The order matters where recipes slice a list
(SERIF[:2] is "the serifs a landing page may set its text in").

A system stack is a page naming `system-ui, …, sans-serif` and the like instead of a web font: Chromium
on Linux resolves it to one of Debian's installed faces (DejaVu, Liberation). Only a set with system
stacks lets render.mjs accept a system face, and then only for text whose CSS names such a stack; the
face Chromium really used is what the ground truth records.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SystemStack:
    id: str  # stands in the lists like a fontsource id
    css: str  # the font-family value, ending in a generic family
    cls: str  # serif | sans-serif | monospace
    weights: tuple[int, ...]  # what the installed faces behind it ship (no synthesised bold)
    italic: bool


@dataclass(frozen=True)
class FontSet:
    name: str
    packages: Path  # the folder with package.json + package-lock.json (@fontsource faces, playwright-core)
    sans: list[str]
    serif: list[str]
    serif_headings: list[str]
    display: list[str]
    mono: list[str]
    docs_text: str  # a serif a docs site may set its body text in, besides the sans faces
    system: tuple[SystemStack, ...] = ()
    specimen_pages: int = 0  # pages of the specimen kind (calibration only)

    def ids(self) -> list[str]:
        """Every face id of the set, once each, in list order."""
        seen: dict[str, None] = {}
        for fid in [*self.sans, *self.serif_headings, *self.display, *self.mono, self.docs_text]:
            seen.setdefault(fid, None)
        return list(seen)


_SERIF = "merriweather lora playfair-display libre-baskerville source-serif-4 eb-garamond pt-serif crimson-pro".split()
BENCHMARK = FontSet(
    name="benchmark", packages=HERE,
    sans=("inter roboto open-sans lato montserrat poppins source-sans-3 work-sans nunito dm-sans ibm-plex-sans "
          "raleway space-grotesk manrope").split(),
    serif=_SERIF, serif_headings=_SERIF + ["dm-serif-display"],
    display="bebas-neue abril-fatface lobster righteous comfortaa pacifico anton oswald".split(),
    mono="jetbrains-mono fira-code ibm-plex-mono source-code-pro roboto-mono space-mono".split(),
    docs_text="source-serif-4")

# Debian's faces behind the stacks (fonts-dejavu-core, fonts-liberation): Book/Regular and Bold, each
# with an italic or oblique. What each stack resolves to is read back per line (usedFace), not assumed.
SYSTEM_STACKS = (
    SystemStack("system-ui", 'system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif',
                "sans-serif", (400, 700), True),
    SystemStack("system-helvetica", '"Helvetica Neue",Helvetica,Arial,sans-serif', "sans-serif", (400, 700), True),
    SystemStack("system-georgia", 'Georgia,"Times New Roman",serif', "serif", (400, 700), True),
    SystemStack("system-mono", "ui-monospace,Menlo,Consolas,monospace", "monospace", (400, 700), True),
    SystemStack("system-courier", '"Courier New",Courier,monospace', "monospace", (400, 700), True),
)
_CAL_SERIF = ("system-georgia noto-serif roboto-slab bitter crimson-text cormorant-garamond spectral zilla-slab "
              "arvo domine vollkorn alegreya frank-ruhl-libre libre-caslon-text tinos").split()
CALIBRATION = FontSet(
    name="calibration", packages=HERE / "calibration",
    sans=("system-ui noto-sans nunito-sans rubik mulish barlow fira-sans pt-sans ubuntu karla quicksand heebo "
          "josefin-sans archivo cabin arimo public-sans plus-jakarta-sans outfit figtree lexend sora "
          "libre-franklin red-hat-display titillium-web exo-2 hind mukta urbanist jost assistant "
          "system-helvetica").split(),
    serif=_CAL_SERIF, serif_headings=_CAL_SERIF + ["fraunces"],
    display="fjalla-one archivo-black alfa-slab-one bangers permanent-marker dancing-script caveat cinzel "
            "russo-one teko".split(),
    mono=("inconsolata ubuntu-mono dm-mono red-hat-mono courier-prime anonymous-pro overpass-mono cousine "
          "pt-mono noto-sans-mono system-mono system-courier").split(),
    docs_text="noto-serif", system=SYSTEM_STACKS, specimen_pages=40)


# The training set of the learned font-property estimator (shared/extraction/typography/fontnet.py):
# 122 more web fonts, disjoint from the benchmark's and the calibration set's (no sibling of a
# benchmark face either: no Fira Mono, Source Sans Pro, Roboto Flex, IBM Plex Serif, DM Serif Text …).
# tests/benchmarks/typography_training.py renders its pages (and the calibration set's) at DPR 1-3.
_TRAIN_SERIF = ("literata adamina aleo alice amiri besley bodoni-moda caladea cardo cormorant esteban gelasio "
                "gentium-book-plus inknut-antiqua instrument-serif karma martel newsreader old-standard-tt petrona "
                "piazzolla poly prata quattrocento rokkitt sanchez sorts-mill-goudy taviraj yrsa").split()
TRAINING = FontSet(
    name="training", packages=HERE / "training",
    sans=("geist onest albert-sans alegreya-sans archivo-narrow arsenal asap atkinson-hyperlegible "
          "barlow-condensed be-vietnam-pro bricolage-grotesque carlito catamaran chivo commissioner didact-gothic "
          "dosis epilogue exo fredoka geologica golos-text hanken-grotesk host-grotesk instrument-sans kanit "
          "kumbh-sans league-spartan lexend-deca maven-pro overpass oxygen prompt questrial rajdhani readex-pro "
          "red-hat-text rethink-sans saira sarabun signika tenor-sans varela-round abeezee abel acme actor "
          "average-sans chakra-petch days-one krona-one league-gothic michroma orbitron syne unbounded").split(),
    serif=_TRAIN_SERIF, serif_headings=_TRAIN_SERIF + ["yeseva-one"],
    display=("anybody audiowide baloo-2 black-ops-one bungee creepster gabarito lilita-one luckiest-guy passion-one "
             "poiret-one press-start-2p rammetto-one sigmar-one special-elite staatliches yeseva-one allura amatic-sc "
             "architects-daughter courgette great-vibes indie-flower kalam kaushan-script sacramento satisfy").split(),
    mono=("azeret-mono b612-mono commit-mono fragment-mono geist-mono share-tech-mono sometype-mono spline-sans-mono "
          "victor-mono cascadia-code").split(),
    docs_text="literata", specimen_pages=60)

# A second training set: 98 more, disjoint from all of the above (no Pretendard: Inter inside; no iA
# Writer Quattro/Mono: IBM Plex inside). Rendered at DPR 1 and 2.
_TRAIN_B_SERIF = ("faustina abhaya-libre brawler bree-serif gentium-plus gloock halant hedvig-letters-serif hepta-slab "
                  "im-fell-english libre-caslon-condensed lustria marcellus ovo rasa redaction-10 rufina slabo-27px "
                  "suez-one unna").split()
TRAINING_B = FontSet(
    name="training-b", packages=HERE / "training_b",
    sans=("metropolis alata alexandria alumni-sans amaranth b612 bai-jamjuree barlow-semi-condensed basic cal-sans "
          "clear-sans cooper-hewitt darker-grotesque encode-sans fira-sans-condensed funnel-sans google-sans "
          "hind-siliguri inclusive-sans inder italiana jockey-one k2d khand mona-sans monda mouse-memoirs "
          "open-sauce-one orienta play pt-sans-narrow quantico radio-canada-big reddit-sans saira-semi-condensed "
          "sansita schibsted-grotesk sen sn-pro sofia-sans stack-sans-text tasa-orbiter tomorrow uncut-sans "
          "wix-madefor-text yanone-kaffeesatz").split(),
    serif=_TRAIN_B_SERIF, serif_headings=_TRAIN_B_SERIF + ["calistoga"],
    display=("rubik-mono-one bubblegum-sans cabin-sketch calistoga caprasimo changa-one dela-gothic-one fredoka-one "
             "germania-one goldman grandstander jersey-10 knewave oxanium pixelify-sans spicy-rice titan-one "
             "caveat-brush comic-neue damion gochi-hand handlee patrick-hand rock-salt shadows-into-light smooch "
             "vibur").split(),
    mono="google-sans-code iosevka maple-mono reddit-mono atkinson-hyperlegible-mono".split(),
    docs_text="faustina", specimen_pages=60)

# The benchmark's own faces on pages of their own (another seed, other page ids, specimen pages too),
# so that the learned estimator knows the popular web faces the product mostly meets
# (typography_training.py render --font-set benchmark-faces). The benchmark then measures known faces
# on unseen pages; the unseen-face figures come from fontnet_train.py --validate.
BENCHMARK_FACES = FontSet(
    name="benchmark-faces", packages=HERE, sans=BENCHMARK.sans, serif=BENCHMARK.serif,
    serif_headings=BENCHMARK.serif_headings, display=BENCHMARK.display, mono=BENCHMARK.mono,
    docs_text=BENCHMARK.docs_text, specimen_pages=40)

FONT_SETS = {s.name: s for s in (BENCHMARK, CALIBRATION, TRAINING, TRAINING_B, BENCHMARK_FACES)}
