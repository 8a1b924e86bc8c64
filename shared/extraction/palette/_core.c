/* C port of shared.extraction.palette.extractor.find_colors (the whole pixel palette pipeline).
 *
 * Same stages, constants, operation order and tie-breaking as the numpy modules
 * (extractor, blends, histogram, adjacency, clusters, colorspace, shared/color/fast_delta_e.py).
 * Notes on matching numpy bit for bit:
 *  - float32 where numpy computes on float32 arrays (detect_blends), double elsewhere;
 *  - `x @ M.T` on (n, 3) float64 goes to OpenBLAS, whose kernels accumulate with FMA:
 *    fma(x2, m2, fma(x1, m1, x0 * m0)) (checked on this build for n = 1..100);
 *  - length-3 reductions (.sum(axis=1), np.linalg.norm) add left to right; the einsum
 *    "ij,ij->i" of leader_clusters adds (p0 + p2) + p1 (its SIMD horizontal sum);
 *  - pow / cbrt / exp / atan2 come from libm; numpy may use SIMD (SVML) versions that differ by
 *    an ulp, which can only matter at a threshold or a tie.
 * Build with -ffp-contract=off -fno-fast-math so that no other FMA is introduced.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
/* SSE2 (every x86-64 CPU); -DCORE_NO_SIMD builds the scalar code only */
#if defined(__SSE2__) && !defined(CORE_NO_SIMD)
#define USE_SSE2 1
#include <emmintrin.h>
#endif

/* ---- constants (copied from the numpy modules) ---- */
/* blends.py */
#define MIN_CONTRAST 24.0
#define T_RANGE_LO 0.08
#define T_RANGE_HI 0.92
#define PERP_FRACTION 0.12
#define PERP_FLOOR 6.0
/* histogram.py */
#define BITS 6
#define SHIFT (8 - BITS)
#define NBINS (1 << (3 * BITS))
#define LEADER_RADIUS 0.014
#define LEADER_RADIUS_PER_CHROMA 0.01
#define LEADER_CHROMA_CAP 0.2
#define MAX_LEADERS 384
#define CORE_RADIUS 0.009
#define MIN_LEADER_SHARE 0.0002
/* solid colours (histogram.py: SOLID_SHARE, SOLID_SPREAD): two of them never share a leader */
#define SOLID_SHARE 0.005
#define SOLID_MIN_PIXELS 64
#define SOLID_SPREAD 0.1
/* surfaces (histogram.py: SURFACE_INTERIOR; clusters.py: SURFACE_DE): two solid colours with interior
 * pixels stay apart from SURFACE_DE instead of NOISE_DE, in every merge */
#define SURFACE_INTERIOR 0.1
#define SURFACE_DE 0.9
/* clusters.py */
#define NOISE_DE 2.0
#define CONTINUUM_DE 12.0
#define SOFT_BOUNDARY 0.3
#define FLAT_PURITY 0.85
#define BLEND_MIN_EDGE_RATIO 0.5
#define BLEND_T_LO 0.02
#define BLEND_T_HI 0.98
#define BLEND_CANDIDATES 24
#define BLEND_MIN_TOUCH 0.01
#define RAMP_VOID_SHARE 0.2
#define BLEND_SOLID_EDGE_RATIO 0.9
#define SATELLITE_DE 10.0
#define SATELLITE_EDGE_RATIO 0.4
#define SATELLITE_MAX_PURITY 0.6
#define SATELLITE_MIN_TOUCH 0.1
#define OKLAB_PREFILTER_PER_DE 0.1
/* extractor.py */
#define MIN_SHARE 0.0005
#define CHROMA_FULL 0.12
#define CHROMA_BOOST 3.0
#define SHARE_EXPONENT 0.4
#define CONTINUUM_WEIGHT 0.5
#define PURITY_FLOOR 0.15

#define NPY_PI_ 3.141592653589793238462643383279502884

/* ---- colour science (fast_delta_e.py) ---- */
static const double SRGB_TO_XYZ[3][3] = {
    {0.4123907992659595, 0.357584339383878, 0.1804807884018343},
    {0.21263900587151036, 0.715168678767756, 0.07219231536073371},
    {0.01933081871559185, 0.11919477979462599, 0.9505321522496606},
};
static const double SRGB_TO_LMS[3][3] = {
    {0.4122214708, 0.5363325363, 0.0514459929},
    {0.2119034982, 0.6806995451, 0.1073969566},
    {0.0883024619, 0.2817188376, 0.6299787005},
};
static const double LMS_TO_OKLAB[3][3] = {
    {0.2104542553, 0.7936177850, -0.0040720468},
    {1.9779984951, -2.4285922050, 0.4505937099},
    {0.0259040371, 0.7827717662, -0.8086757660},
};

static double srgb_to_linear(double v255) {
    double c = v255 / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* one row of `x @ M.T` as OpenBLAS computes it */
static void matvec(const double m[3][3], const double x[3], double out[3]) {
    for (int j = 0; j < 3; j++) out[j] = fma(x[2], m[j][2], fma(x[1], m[j][1], x[0] * m[j][0]));
}

static void linear_to_oklab(const double lin[3], double out[3]) {
    double lms[3];
    matvec(SRGB_TO_LMS, lin, lms);
    for (int c = 0; c < 3; c++) lms[c] = cbrt(lms[c]);
    matvec(LMS_TO_OKLAB, lms, out);
}

static void srgb_to_oklab(const double rgb[3], double out[3]) {
    double lin[3], lms[3];
    for (int c = 0; c < 3; c++) lin[c] = srgb_to_linear(rgb[c]);
    matvec(SRGB_TO_LMS, lin, lms);
    for (int c = 0; c < 3; c++) lms[c] = cbrt(lms[c]);
    matvec(LMS_TO_OKLAB, lms, out);
}

static void srgb_to_lab(const double rgb[3], double out[3]) {
    const double white[3] = {0.3127 / 0.3290, 1.0, (1 - 0.3127 - 0.3290) / 0.3290};
    const double eps = 216.0 / 24389.0, kappa = 24389.0 / 27.0;
    double lin[3], xyz[3], f[3];
    for (int c = 0; c < 3; c++) lin[c] = srgb_to_linear(rgb[c]);
    matvec(SRGB_TO_XYZ, lin, xyz);
    for (int c = 0; c < 3; c++) {
        double v = xyz[c] / white[c];
        f[c] = v > eps ? cbrt(v) : (kappa * v + 16) / 116;
    }
    out[0] = 116 * f[1] - 16;
    out[1] = 500 * (f[0] - f[1]);
    out[2] = 200 * (f[1] - f[2]);
}

static double py_mod360(double x) { /* numpy remainder(x, 360) */
    double m = fmod(x, 360.0);
    if (m != 0) {
        if (m < 0) m += 360.0;
    } else {
        m = 0.0;
    }
    return m;
}
static double degrees(double x) { return x * (180.0 / NPY_PI_); }
static double radians(double x) { return x * (NPY_PI_ / 180.0); }

static double ciede2000(const double *lab1, const double *lab2) {
    double L1 = lab1[0], a1 = lab1[1], b1 = lab1[2], L2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
    const double p25 = 6103515625.0; /* 25.0**7 */
    double c7 = pow((hypot(a1, b1) + hypot(a2, b2)) / 2, 7.0);
    double g = 0.5 * (1 - sqrt(c7 / (c7 + p25)));
    double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
    double c1p = hypot(a1p, b1), c2p = hypot(a2p, b2);
    double h1p = c1p == 0 ? 0.0 : py_mod360(degrees(atan2(b1, a1p)));
    double h2p = c2p == 0 ? 0.0 : py_mod360(degrees(atan2(b2, a2p)));
    double dLp = L2 - L1, dCp = c2p - c1p;
    int zero = (c1p * c2p) == 0;
    double dh = h2p - h1p;
    dh = dh > 180 ? dh - 360 : (dh < -180 ? dh + 360 : dh);
    if (zero) dh = 0.0;
    double dHp = 2 * sqrt(c1p * c2p) * sin(radians(dh / 2));
    double Lbp = (L1 + L2) / 2, Cbp = (c1p + c2p) / 2;
    double hsum = h1p + h2p;
    double wrapped = hsum < 360 ? (hsum + 360) / 2 : (hsum - 360) / 2;
    double hbp = fabs(h1p - h2p) <= 180 ? hsum / 2 : wrapped;
    if (zero) hbp = hsum;
    double t = 1 - 0.17 * cos(radians(hbp - 30)) + 0.24 * cos(radians(2 * hbp))
               + 0.32 * cos(radians(3 * hbp + 6)) - 0.20 * cos(radians(4 * hbp - 63));
    double q = (hbp - 275) / 25;
    double dtheta = 30 * exp(-(q * q));
    double cb7 = pow(Cbp, 7.0);
    double rc = 2 * sqrt(cb7 / (cb7 + p25));
    double lm = Lbp - 50;
    double lm2 = lm * lm;
    double sl = 1 + 0.015 * lm2 / sqrt(20 + lm2);
    double sc = 1 + 0.045 * Cbp;
    double sh = 1 + 0.015 * Cbp * t;
    double rt = -sin(radians(2 * dtheta)) * rc;
    double x = dLp / sl, y = dCp / sc, z = dHp / sh;
    return sqrt(x * x + y * y + z * z + rt * (dCp / sc) * (dHp / sh));
}

/* ---- sorting helpers (no global state) ---- */
typedef struct { double v; int32_t idx; } DKey;
static int cmp_dkey(const void *pa, const void *pb) {
    const DKey *a = (const DKey *)pa, *b = (const DKey *)pb;
    if (a->v < b->v) return -1;
    if (a->v > b->v) return 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}
typedef struct { int untouched; int64_t negtouch; int32_t idx; } CandKey;
static int cmp_cand(const void *pa, const void *pb) {
    const CandKey *a = (const CandKey *)pa, *b = (const CandKey *)pb;
    if (a->untouched != b->untouched) return a->untouched < b->untouched ? -1 : 1;
    if (a->negtouch != b->negtouch) return a->negtouch < b->negtouch ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static inline int popcount64(uint64_t x) {
#ifdef __POPCNT__
    return __builtin_popcountll(x); /* one instruction where the target has it (the x86-64-v3 build) */
#endif
    /* SWAR: no libgcc call without -mpopcnt */
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int)((x * 0x0101010101010101ULL) >> 56);
}

/* ---- cluster state ---- */
typedef struct {
    int k, s;            /* clusters, matrix size k + 1 */
    double *mass, *pixels, *rgb, *edge, *core, *core_rgb;
    int32_t *owner;
    uint8_t *continuum;
    int64_t *touch, *contacts; /* s*s */
    double *step_sum;           /* s*s */
    /* caches of colour transforms of rgb (exact: a row's value does not depend on the batch) */
    double *ok, *lab;
    uint8_t *cache_ok;
} Clusters;

#define ALIVE(cl, i) ((cl)->owner[i] == (i))

static void cl_refresh(Clusters *cl, int i) {
    srgb_to_oklab(cl->rgb + 3 * i, cl->ok + 3 * i);
    srgb_to_lab(cl->rgb + 3 * i, cl->lab + 3 * i);
}

static void cl_absorb(Clusters *cl, int dst, int src) {
    double total = cl->pixels[dst] + cl->pixels[src];
    if (total > 0) {
        for (int c = 0; c < 3; c++)
            cl->rgb[3 * dst + c] = (cl->rgb[3 * dst + c] * cl->pixels[dst] + cl->rgb[3 * src + c] * cl->pixels[src]) / total;
        cl_refresh(cl, dst);
    }
    cl->mass[dst] += cl->mass[src];
    cl->pixels[dst] = total;
    cl->edge[dst] += cl->edge[src];
    if (cl->core[src] > cl->core[dst])
        for (int c = 0; c < 3; c++) cl->core_rgb[3 * dst + c] = cl->core_rgb[3 * src + c];
    if (cl->core[src] > cl->core[dst]) cl->core[dst] = cl->core[src];
    for (int i = 0; i < cl->k; i++)
        if (cl->owner[i] == src) cl->owner[i] = dst;
    int s = cl->s;
    for (int j = 0; j < s; j++) {
        cl->touch[dst * s + j] += cl->touch[src * s + j];
        cl->contacts[dst * s + j] += cl->contacts[src * s + j];
        cl->step_sum[dst * s + j] += cl->step_sum[src * s + j];
    }
    for (int i = 0; i < s; i++) {
        cl->touch[i * s + dst] += cl->touch[i * s + src];
        cl->contacts[i * s + dst] += cl->contacts[i * s + src];
        cl->step_sum[i * s + dst] += cl->step_sum[i * s + src];
    }
    for (int j = 0; j < s; j++) {
        cl->touch[src * s + j] = 0; cl->contacts[src * s + j] = 0; cl->step_sum[src * s + j] = 0;
    }
    for (int i = 0; i < s; i++) {
        cl->touch[i * s + src] = 0; cl->contacts[i * s + src] = 0; cl->step_sum[i * s + src] = 0;
    }
    cl->touch[dst * s + dst] = 0; cl->contacts[dst * s + dst] = 0; cl->step_sum[dst * s + dst] = 0;
    cl->mass[src] = 0;
    cl->pixels[src] = 0;
}

static double cl_purity(const Clusters *cl, int i) {
    double p = cl->pixels[i];
    return cl->core[i] / (p >= 1 ? p : 1.0);
}

/* _de_row: ΔE2000 from c to others (inf where the OKLab prefilter rules it out). */
static void de_row(const Clusters *cl, int c, const int32_t *others, int n, double threshold, double *out) {
    double lim = OKLAB_PREFILTER_PER_DE * threshold;
    const double *oc = cl->ok + 3 * c;
    for (int i = 0; i < n; i++) {
        const double *o = cl->ok + 3 * others[i];
        double d0 = o[0] - oc[0], d1 = o[1] - oc[1], d2 = o[2] - oc[2];
        double nrm = sqrt(d0 * d0 + d1 * d1 + d2 * d2);
        out[i] = nrm <= lim ? ciede2000(cl->lab + 3 * c, cl->lab + 3 * others[i]) : INFINITY;
    }
}

/* histogram.is_surface: at least `need` pixels of bin b have their four neighbours in b (border rows
 * and columns never count: histogram.interior_pixels); pb: the bin of each pixel (B for unused ones).
 * Stops as soon as `need` is reached: a page or card surface decides within its first rows. */
static int has_interior(const int32_t *pb, int h, int w, int32_t b, double need) {
    int64_t n = 0;
    if (h < 3 || w < 3) return 0 >= need;
#ifdef USE_SSE2
    const __m128i bv = _mm_set1_epi32(b);
#endif
    for (int y = 1; y < h - 1; y++) {
        const int32_t *r = pb + (int64_t)y * w;
        int x = 1;
#ifdef USE_SSE2
        /* four pixels at a time: the five comparisons as lane masks, their AND counted */
        for (; x + 4 <= w - 1; x += 4) {
            __m128i m = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(r + x)), bv);
            m = _mm_and_si128(m, _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(r + x - 1)), bv));
            m = _mm_and_si128(m, _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(r + x + 1)), bv));
            m = _mm_and_si128(m, _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(r + x - w)), bv));
            m = _mm_and_si128(m, _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(r + x + w)), bv));
            n += popcount64((uint64_t)_mm_movemask_ps(_mm_castsi128_ps(m)));
        }
#endif
        for (; x < w - 1; x++)
            n += r[x] == b && r[x - 1] == b && r[x + 1] == b && r[x - w] == b && r[x + w] == b;
        if ((double)n >= need) return 1;
    }
    return (double)n >= need;
}

/* clusters.apart_matrix: the clusters now holding the two sides of each surface pair (cluster pairs
 * of the leader stage) may not merge; a folded side is skipped */
static void apart_apply(const Clusters *cl, const int32_t *pairs, int n, uint8_t *allowed) {
    int k = cl->k;
    for (int p = 0; p < n; p++) {
        int32_t a = cl->owner[pairs[2 * p]], b = cl->owner[pairs[2 * p + 1]];
        if (a < 0 || b < 0) continue;
        allowed[(size_t)a * k + b] = 0;
        allowed[(size_t)b * k + a] = 0;
    }
}

/* agglomerate; allowed: k*k bytes (modified: a merged cluster keeps what both parts allowed), flat: k
 * bytes or NULL. Returns -1 on OOM. */
static int agglomerate(Clusters *cl, double threshold, uint8_t *allowed, const uint8_t *flat) {
    int k = cl->k;
    int rc = -1;
    double *d = NULL, *row = NULL;
    uint8_t *active = NULL, *row_ok = NULL;
    int32_t *idx = NULL;
    d = (double *)malloc(sizeof(double) * (size_t)k * k);
    row = (double *)malloc(sizeof(double) * (size_t)k);
    active = (uint8_t *)malloc((size_t)k);
    row_ok = (uint8_t *)malloc((size_t)k);
    idx = (int32_t *)malloc(sizeof(int32_t) * (size_t)k);
    if (!d || !row || !active || !row_ok || !idx) goto done;
    int n = 0;
    for (int i = 0; i < k; i++) {
        active[i] = ALIVE(cl, i) && !(flat && flat[i]);
        if (active[i]) idx[n++] = i;
    }
    for (size_t i = 0; i < (size_t)k * k; i++) d[i] = INFINITY;
    if (n >= 2) {
        double lim = OKLAB_PREFILTER_PER_DE * threshold;
        for (int a = 0; a < n; a++) {
            const double *oa = cl->ok + 3 * idx[a];
            for (int b = a + 1; b < n; b++) {
                const double *ob = cl->ok + 3 * idx[b];
                double d0 = oa[0] - ob[0], d1 = oa[1] - ob[1], d2 = oa[2] - ob[2];
                if (sqrt(d0 * d0 + d1 * d1 + d2 * d2) <= lim) {
                    double de = ciede2000(cl->lab + 3 * idx[a], cl->lab + 3 * idx[b]);
                    d[(size_t)idx[a] * k + idx[b]] = de;
                    d[(size_t)idx[b] * k + idx[a]] = de;
                }
            }
        }
    }
    for (size_t i = 0; i < (size_t)k * k; i++)
        if (!allowed[i]) d[i] = INFINITY;
    for (;;) {
        size_t best = 0;
        double bv = d[0];
        if (isnan(bv)) break;
        for (size_t i = 1; i < (size_t)k * k; i++) {
            double v = d[i];
            if (v < bv) { bv = v; best = i; }
            else if (isnan(v)) { bv = v; break; }
        }
        if (!isfinite(bv) || bv >= threshold) break;
        int x = (int)(best / k), y = (int)(best % k);
        int dst, src;
        if (cl->mass[x] > cl->mass[y] || (cl->mass[x] == cl->mass[y] && -x >= -y)) { dst = x; src = y; }
        else { dst = y; src = x; }
        cl_absorb(cl, dst, src);
        active[src] = 0;
        for (int j = 0; j < k; j++) row_ok[j] = allowed[(size_t)dst * k + j] & allowed[(size_t)src * k + j];
        for (int j = 0; j < k; j++) allowed[(size_t)dst * k + j] = row_ok[j];
        for (int j = 0; j < k; j++) allowed[(size_t)j * k + dst] = row_ok[j];
        for (int j = 0; j < k; j++) { d[(size_t)src * k + j] = INFINITY; d[(size_t)j * k + src] = INFINITY; }
        int m = 0;
        for (int j = 0; j < k; j++)
            if (active[j] && row_ok[j] && j != dst) idx[m++] = j;
        for (int j = 0; j < k; j++) row[j] = INFINITY;
        if (m) {
            double *tmp = d + (size_t)dst * k; /* row dst is overwritten below anyway */
            de_row(cl, dst, idx, m, threshold, tmp);
            for (int i = 0; i < m; i++) row[idx[i]] = tmp[i];
        }
        for (int j = 0; j < k; j++) { d[(size_t)dst * k + j] = row[j]; d[(size_t)j * k + dst] = row[j]; }
    }
    rc = 0;
done:
    free(d); free(row); free(active); free(row_ok); free(idx);
    return rc;
}

static int fold_blends(Clusters *cl) {
    int k = cl->k, s = cl->s;
    int rc = -1;
    DKey *ord = (DKey *)malloc(sizeof(DKey) * (size_t)(k ? k : 1));
    int32_t *cand = (int32_t *)malloc(sizeof(int32_t) * (size_t)(k ? k : 1));
    uint8_t *touched = (uint8_t *)malloc((size_t)(k ? k : 1));
    CandKey *ck = (CandKey *)malloc(sizeof(CandKey) * (size_t)(k ? k : 1));
    if (!ord || !cand || !touched || !ck) goto done;
    for (int i = 0; i < k; i++) { ord[i].v = cl->mass[i]; ord[i].idx = i; }
    qsort(ord, (size_t)k, sizeof(DKey), cmp_dkey);
    for (int r = 0; r < k; r++) {
        int c = ord[r].idx;
        /* the edge filter uses the values before folding: edge and pixels do not change here */
        if (!(cl->edge[c] >= BLEND_MIN_EDGE_RATIO * cl->pixels[c] && cl->pixels[c] != 0)) continue;
        /* a flat cluster with interior pixels is a colour of its own, not a blend */
        if (cl->core[c] >= FLAT_PURITY * cl->pixels[c] && cl->edge[c] < BLEND_SOLID_EDGE_RATIO * cl->pixels[c]) continue;
        if (!ALIVE(cl, c)) continue;
        const int64_t *trow = cl->touch + (size_t)c * s;
        int64_t sum_k = 0;
        for (int j = 0; j < k; j++) sum_k += trow[j];
        double tmin = BLEND_MIN_TOUCH * (double)sum_k;
        if (tmin < 2.0) tmin = 2.0;
        for (int j = 0; j < k; j++) touched[j] = (double)trow[j] >= tmin;
        int among = (double)trow[k] >= RAMP_VOID_SHARE * (double)(sum_k + trow[k]);
        int nc = 0;
        for (int j = 0; j < k; j++)
            if (cl->mass[j] > cl->mass[c] && ALIVE(cl, j) && (touched[j] || among)) cand[nc++] = j;
        if (nc < 2) continue;
        if (nc > BLEND_CANDIDATES) {
            for (int i = 0; i < nc; i++) {
                ck[i].untouched = !touched[cand[i]];
                ck[i].negtouch = -trow[cand[i]];
                ck[i].idx = cand[i];
            }
            qsort(ck, (size_t)nc, sizeof(CandKey), cmp_cand);
            nc = BLEND_CANDIDATES;
            for (int i = 0; i < nc; i++) cand[i] = ck[i].idx;
        }
        const double *pc = cl->rgb + 3 * c;
        int found = 0;
        double best_ratio = 0, best_t = 0;
        int best_a = -1, best_b = -1;
        for (int i = 0; i < nc; i++) {
            int ci = cand[i];
            const double *a = cl->rgb + 3 * ci;
            const int ti = touched[ci];
            const double pa0 = pc[0] - a[0], pa1 = pc[1] - a[1], pa2 = pc[2] - a[2];
            for (int jj = i + 1; jj < nc; jj++) {
                /* the cheap tests first (touch, then t), the square roots only for what passes them:
                 * every value is computed as before, so the outcome is the same */
                int cj = cand[jj];
                int tj = touched[cj];
                if (!((ti && tj) || (among && (ti || tj)))) continue;
                const double *b = cl->rgb + 3 * cj;
                double ab0 = b[0] - a[0], ab1 = b[1] - a[1], ab2 = b[2] - a[2];
                double length2 = ab0 * ab0 + ab1 * ab1 + ab2 * ab2;
                double l2m = length2 >= 1e-9 ? length2 : 1e-9;
                double t = (pa0 * ab0 + pa1 * ab1 + pa2 * ab2) / l2m;
                if (!(t > BLEND_T_LO && t < BLEND_T_HI)) continue;
                double o0 = pc[0] - (a[0] + t * ab0), o1 = pc[1] - (a[1] + t * ab1), o2 = pc[2] - (a[2] + t * ab2);
                o0 *= o0; o1 *= o1; o2 *= o2;
                double perp = sqrt(o0 + o1 + o2);
                double length = sqrt(length2);
                double plim = 0.12 * length;
                if (plim < 8.0) plim = 8.0;
                if (!(perp <= plim)) continue;
                double ratio = perp / (length >= 1e-9 ? length : 1e-9);
                if (!found || ratio < best_ratio) {
                    found = 1; best_ratio = ratio; best_a = ci; best_b = cj; best_t = t;
                }
            }
        }
        if (!found) continue;
        cl->mass[best_a] += cl->mass[c] * (1.0 - best_t);
        cl->mass[best_b] += cl->mass[c] * best_t;
        cl->mass[c] = 0;
        for (int i = 0; i < k; i++)
            if (cl->owner[i] == c) cl->owner[i] = -1;
    }
    rc = 0;
done:
    free(ord); free(cand); free(touched); free(ck);
    return rc;
}

static int absorb_satellites(Clusters *cl, const uint8_t *allowed) {
    int k = cl->k, s = cl->s;
    int nalive = 0;
    for (int i = 0; i < k; i++) nalive += ALIVE(cl, i);
    if (nalive < 2) return 0;
    int rc = -1;
    DKey *cands = (DKey *)malloc(sizeof(DKey) * (size_t)k);
    int32_t *hosts = (int32_t *)malloc(sizeof(int32_t) * (size_t)k);
    double *d = (double *)malloc(sizeof(double) * (size_t)k);
    if (!cands || !hosts || !d) goto done;
    int nc = 0;
    for (int i = 0; i < k; i++) {
        if (!ALIVE(cl, i)) continue;
        double p = cl->pixels[i] >= 1 ? cl->pixels[i] : 1.0;
        double er = cl->edge[i] / p;
        if (er >= SATELLITE_EDGE_RATIO && cl_purity(cl, i) < SATELLITE_MAX_PURITY) {
            cands[nc].v = cl->mass[i]; cands[nc].idx = i; nc++;
        }
    }
    qsort(cands, (size_t)nc, sizeof(DKey), cmp_dkey);
    for (int r = 0; r < nc; r++) {
        int c = cands[r].idx;
        if (cl->owner[c] != c) continue;
        const int64_t *trow = cl->touch + (size_t)c * s;
        int64_t sum = 0;
        for (int j = 0; j < k; j++) sum += trow[j];
        double tmin = SATELLITE_MIN_TOUCH * (double)(sum > 1 ? sum : 1);
        int nh = 0;
        for (int j = 0; j < k; j++)
            if (j != c && ALIVE(cl, j) && cl->mass[j] >= cl->mass[c] && (double)trow[j] >= tmin
                && !(allowed && !allowed[(size_t)c * k + j])) hosts[nh++] = j;
        if (nh == 0) continue;
        de_row(cl, c, hosts, nh, SATELLITE_DE, d);
        int bi = 0, nan = isnan(d[0]);
        for (int i = 1; i < nh && !nan; i++) {
            if (isnan(d[i])) nan = 1;
            else if (d[i] < d[bi]) bi = i;
        }
        if (!nan && d[bi] < SATELLITE_DE) cl_absorb(cl, hosts[bi], c);
    }
    rc = 0;
done:
    free(cands); free(hosts); free(d);
    return rc;
}

static int uf_find(int32_t *parent, int x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* continuum_groups: fills allowed (k*k, roots equal) and flat (k). */
static int continuum_groups(Clusters *cl, uint8_t *allowed, uint8_t *flat) {
    int k = cl->k, s = cl->s;
    uint8_t *soft = (uint8_t *)malloc(k > 0 ? (size_t)k * (size_t)k : 1);
    int32_t *parent = (int32_t *)malloc(sizeof(int32_t) * (size_t)k);
    int32_t *roots = (int32_t *)malloc(sizeof(int32_t) * (size_t)k);
    int64_t *sizes = (int64_t *)calloc((size_t)k, sizeof(int64_t));
    int rc = -1;
    if (!soft || !parent || !roots || !sizes) goto done;
    for (int i = 0; i < k; i++) {
        int64_t csum = 0, ssum = 0;
        for (int j = 0; j < k; j++) {
            int64_t ct = cl->contacts[(size_t)i * s + j];
            double step = cl->step_sum[(size_t)i * s + j] / (double)(ct > 1 ? ct : 1);
            const double *a = cl->rgb + 3 * i, *b = cl->rgb + 3 * j;
            double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
            double dist = sqrt(d0 * d0 + d1 * d1 + d2 * d2);
            uint8_t sf = ct >= 4 && step < SOFT_BOUNDARY * dist && ALIVE(cl, i) && ALIVE(cl, j);
            soft[(size_t)i * k + j] = sf;
            csum += ct;
            if (sf) ssum += ct;
        }
        double share = (double)ssum / (double)(csum > 1 ? csum : 1);
        flat[i] = cl_purity(cl, i) >= FLAT_PURITY && share < 0.5;
    }
    for (int i = 0; i < k; i++) parent[i] = i;
    for (int x = 0; x < k; x++)
        for (int y = x + 1; y < k; y++) {
            if (!soft[(size_t)x * k + y] || flat[x] || flat[y]) continue;
            int rx = uf_find(parent, x), ry = uf_find(parent, y);
            if (rx != ry) parent[rx > ry ? rx : ry] = rx < ry ? rx : ry;
        }
    for (int i = 0; i < k; i++) roots[i] = uf_find(parent, i);
    for (int i = 0; i < k; i++) sizes[roots[i]]++;
    for (int i = 0; i < k; i++)
        if (sizes[roots[i]] > 1 && !flat[i]) cl->continuum[i] = 1;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) allowed[(size_t)i * k + j] = roots[i] == roots[j];
    rc = 0;
done:
    free(soft); free(parent); free(roots); free(sizes);
    return rc;
}

/* ---- the pipeline ---- */
typedef struct {
    int r, g, b;
    double share, importance, x0, y0, x1, y1, cx, cy, edge_ratio;
} Found;

typedef struct { int32_t ip, ia, ib; float t; } Blend;

typedef struct {
    uint8_t *edge;
    Blend *bl;
    uint64_t *bitmap;
    int32_t *prefix, *pixel_bin, *labels, *rank_of;
    int64_t *stage;
    int64_t *bn, *bsum, *bsq;
    double *bmass, *credit, *bok, *bspread;
    DKey *border;
    int32_t *remaining, *bin_label, *lead_bin, *rest, *pos2;
    double *lead_ok;
    uint8_t *near_mode;
    int32_t *ecnt;
    double *step_tmp, *sqbuf;
    int32_t *d2buf;
    uint8_t *allowed, *flat;
    int32_t *solid_idx, *apart; /* solid bins; surface pairs (bins, then clusters) */
    int8_t *surface;
    uint8_t *apart_mark;
    DKey *rank;
    int32_t *lut, *slot_of;
    int64_t *rows, *cols, *count, *edges;
    double *imp, *shr;
    Clusters cl;
} Work;

static void work_free(Work *w) {
    free(w->edge); free(w->bl); free(w->bitmap);
    free(w->prefix); free(w->rank_of); free(w->stage); free(w->pixel_bin); free(w->labels); free(w->bn); free(w->bsum); free(w->bsq);
    free(w->bmass); free(w->credit); free(w->bok); free(w->bspread); free(w->border);
    free(w->remaining); free(w->bin_label); free(w->lead_bin); free(w->lead_ok); free(w->rest); free(w->pos2); free(w->near_mode); free(w->ecnt);
    free(w->step_tmp); free(w->sqbuf); free(w->d2buf); free(w->allowed); free(w->flat);
    free(w->solid_idx); free(w->apart); free(w->surface); free(w->apart_mark); free(w->rank); free(w->lut); free(w->slot_of);
    free(w->rows); free(w->cols); free(w->count); free(w->edges); free(w->imp); free(w->shr);
    Clusters *cl = &w->cl;
    free(cl->mass); free(cl->pixels); free(cl->rgb); free(cl->edge); free(cl->core); free(cl->core_rgb);
    free(cl->owner); free(cl->continuum); free(cl->touch); free(cl->contacts); free(cl->step_sum);
    free(cl->ok); free(cl->lab); free(cl->cache_ok);
}

#define ALLOC(ptr, type, n) do { (ptr) = (type *)malloc(sizeof(type) * (size_t)((n) > 0 ? (n) : 1)); if (!(ptr)) goto oom; } while (0)
#define CALLOC(ptr, type, n) do { (ptr) = (type *)calloc((size_t)((n) > 0 ? (n) : 1), sizeof(type)); if (!(ptr)) goto oom; } while (0)

static inline int32_t key_of(const uint8_t *p) {
    return ((int32_t)(p[0] >> SHIFT) << (2 * BITS)) | ((int32_t)(p[1] >> SHIFT) << BITS) | (int32_t)(p[2] >> SHIFT);
}

/* The exact blend test of one pixel p between a and b (float32, as numpy computes it). */
static inline int blend_test(const uint8_t *A, const uint8_t *P, const uint8_t *B, int32_t l2, float *t_out) {
    const float pf2 = (float)(PERP_FRACTION * PERP_FRACTION);
    const float floor2 = (float)(PERP_FLOOR * PERP_FLOOR);
    float a0 = (float)A[0], a1 = (float)A[1], a2 = (float)A[2];
    float pa0 = (float)P[0] - a0, pa1 = (float)P[1] - a1, pa2 = (float)P[2] - a2;
    float ab0 = (float)B[0] - a0, ab1 = (float)B[1] - a1, ab2 = (float)B[2] - a2;
    float l2f = (float)l2;
    float num = pa0 * ab0 + pa1 * ab1 + pa2 * ab2; /* exact: integers below 2**24 */
    /* t <= 0 or t >= 1 fails T_RANGE whatever the rounding: no division for hard edges */
    if (num <= 0.0f || num >= l2f) return 0;
    float t = num / l2f;
    float o0 = pa0 - t * ab0, o1 = pa1 - t * ab1, o2 = pa2 - t * ab2;
    o0 *= o0; o1 *= o1; o2 *= o2;
    float perp2 = o0 + o1;
    perp2 = perp2 + o2;
    float lim = pf2 * l2f;
    if (!(lim >= floor2)) lim = floor2; /* np.maximum(36.0, x) */
    *t_out = t;
    return t > (float)T_RANGE_LO && t < (float)T_RANGE_HI && perp2 <= lim;
}

/* The 3 bytes of a pixel as the low (little-endian) or high bytes of a 4-byte load; the buffer is
 * padded so that the load of the last pixel stays inside it. */
static inline uint32_t px_load(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint32_t px_mask(void) {
    const uint32_t one = 1;
    uint8_t first;
    memcpy(&first, &one, 1);
    return first ? 0x00FFFFFFu : 0xFFFFFF00u;
}

/* Are the 24 bytes at a and b equal (8 pixels)? */
static inline int eq24(const uint8_t *a, const uint8_t *b) {
    uint64_t a0, a1, a2, b0, b1, b2;
    memcpy(&a0, a, 8); memcpy(&a1, a + 8, 8); memcpy(&a2, a + 16, 8);
    memcpy(&b0, b, 8); memcpy(&b1, b + 8, 8); memcpy(&b2, b + 16, 8);
    return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2)) == 0;
}

/* The blend test with P (pixel ip) in the middle of A = P - step and B = P + step (step 1: horizontal,
 * w: vertical; the three pixels inside the image): on a blend, *out gets it and 1 is returned. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* inlined: step is then a constant (1) for the horizontal test */
#endif
static inline int try_blend(const uint8_t *P, int64_t ip, int64_t step, const uint8_t *restrict valid, Blend *out) {
    const uint8_t *A = P - 3 * step, *B = P + 3 * step;
    int32_t d0 = (int32_t)B[0] - A[0], d1 = (int32_t)B[1] - A[1], d2 = (int32_t)B[2] - A[2];
    int32_t l2 = d0 * d0 + d1 * d1 + d2 * d2;
    float t;
    if (l2 >= (int32_t)(MIN_CONTRAST * MIN_CONTRAST) /* 576: l2 is an integer */ && blend_test(A, P, B, l2, &t)
        && !(valid && !(valid[ip] && valid[ip - step] && valid[ip + step]))) {
        out->ip = (int32_t)ip; out->ia = (int32_t)(ip - step); out->ib = (int32_t)(ip + step);
        out->t = t;
        return 1;
    }
    return 0;
}

/* Room for need blends in *p (capacity *cap): grows by doubling; -1 on OOM (*p is kept). The lists
 * start small: a worst-case size (one blend per pixel) makes every call fault in fresh pages. */
static int grow_blends(Blend **p, int64_t *cap, int64_t need) {
    if (need <= *cap) return 0;
    int64_t nc = 2 * *cap;
    if (nc < need) nc = need;
    Blend *q = (Blend *)realloc(*p, sizeof(Blend) * (size_t)nc);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

/* detect_blends, in one pass over the pixels in row-major order. At pixel p: the horizontal test with p
 * in the middle, then (if p is not a horizontal blend) the vertical one: numpy tests the vertical axis
 * only where the horizontal axis found no blend. Hits of both axes go to one list bl in row-major order
 * of the middle pixel (a pixel has one blend at most): the order of numpy's merged credits.
 * Also the first pass of build_bins: p's blend status is then final, so a used pixel gets its bin key
 * (-1 = unused: blend or transparent) and marks the bitmap of occupied bins. */
#ifndef USE_SSE2
static int detect_blends(const uint8_t *restrict rgb, const uint8_t *restrict valid, int h, int w,
                         Blend **blp, int64_t cap, int64_t *nb_out,
                         int32_t *restrict keys, uint64_t *restrict bitmap, int *any_use_out) {
    const uint32_t pm = px_mask();
    int any_use = 0;
    int32_t prev = -1;
    int64_t nb = 0; /* one list in row-major order of the blend pixel (one blend a pixel at most) */
    const int64_t w3 = 3 * (int64_t)w;
    for (int y = 0; y < h; y++) {
        const int64_t row = (int64_t)y * w;
        const uint8_t *r = rgb + 3 * row;
        const int vert = y >= 1 && y + 1 < h;
        int32_t *kr = keys + row;
        const uint8_t *vr = valid ? valid + row : NULL;
        if (grow_blends(blp, &cap, nb + w + 1) < 0) return -1;
        Blend *bl = *blp;
        int x = 0;
        while (x < w) {
            /* 8 middle pixels x .. x + 7 whose horizontal and vertical ends are all equal: no blend
             * among them (l2 = 0), only their keys */
            if (x >= 1 && x + 8 < w && eq24(r + 3 * (x - 1), r + 3 * (x + 1))
                && (!vert || eq24(r - w3 + 3 * x, r + w3 + 3 * x))) {
                const uint8_t *P = r + 3 * x;
                if (!vr && eq24(P, P + 3) /* pixels x .. x + 8 all equal */) {
                    int32_t key = key_of(P);
                    for (int j = 0; j < 8; j++) kr[x + j] = key;
                    if (key != prev) { bitmap[key >> 6] |= (uint64_t)1 << (key & 63); prev = key; }
                    any_use = 1;
                } else {
                    for (int j = 0; j < 8; j++) {
                        if (vr && !vr[x + j]) { kr[x + j] = -1; continue; }
                        int32_t key = key_of(P + 3 * j);
                        kr[x + j] = key;
                        if (key != prev) { bitmap[key >> 6] |= (uint64_t)1 << (key & 63); prev = key; }
                        any_use = 1;
                    }
                }
                x += 8;
                continue;
            }
            const uint8_t *P = r + 3 * x;
            const int64_t ip = row + x;
            int blend = 0;
            if (x >= 1 && x + 1 < w && ((px_load(P - 3) ^ px_load(P + 3)) & pm) /* equal ends: l2 = 0 */
                && try_blend(P, ip, 1, valid, bl + nb)) {
                nb++;
                blend = 1;
            }
            if (vert && !blend && ((px_load(P - w3) ^ px_load(P + w3)) & pm)
                && try_blend(P, ip, w, valid, bl + nb)) {
                nb++;
                blend = 1;
            }
            if (blend || (vr && !vr[x])) { kr[x] = -1; x++; continue; }
            int32_t key = key_of(P);
            kr[x] = key;
            if (key != prev) { bitmap[key >> 6] |= (uint64_t)1 << (key & 63); prev = key; }
            any_use = 1;
            x++;
        }
    }
    *any_use_out = any_use;
    *nb_out = nb;
    return 0;
}
#endif

#ifdef USE_SSE2
/* Compaction tables for a 4-lane mask mk: compact_lut[mk] lists its set lanes (ascending), compact_cnt[mk] counts them. */
static const int32_t compact_lut[16][4] = {
    {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {2, 0, 0, 0}, {0, 2, 0, 0}, {1, 2, 0, 0},
    {0, 1, 2, 0}, {3, 0, 0, 0}, {0, 3, 0, 0}, {1, 3, 0, 0}, {0, 1, 3, 0}, {2, 3, 0, 0}, {0, 2, 3, 0},
    {1, 2, 3, 0}, {0, 1, 2, 3}};
static const uint8_t compact_cnt[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
#endif

/* The x in [0, n) where a[x] != b[x], ascending, into out (room for n + 4); returns their number. */
static int32_t diff_positions(const int32_t *restrict a, const int32_t *restrict b, int n, int32_t *restrict out) {
    int32_t m = 0;
    int x = 0;
#ifdef USE_SSE2
    for (; x + 8 <= n; x += 8) {
        __m128i e0 = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(a + x)), _mm_loadu_si128((const __m128i *)(b + x)));
        __m128i e1 = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(a + x + 4)), _mm_loadu_si128((const __m128i *)(b + x + 4)));
        if (_mm_movemask_epi8(_mm_and_si128(e0, e1)) != 0xFFFF) { /* not 8 equal (flat areas: nothing to list) */
            int k0 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(e0)), k1 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(e1));
            _mm_storeu_si128((__m128i *)(out + m), _mm_add_epi32(_mm_set1_epi32(x), _mm_loadu_si128((const __m128i *)compact_lut[k0])));
            m += compact_cnt[k0];
            _mm_storeu_si128((__m128i *)(out + m), _mm_add_epi32(_mm_set1_epi32(x + 4), _mm_loadu_si128((const __m128i *)compact_lut[k1])));
            m += compact_cnt[k1];
        }
    }
    for (; x + 4 <= n; x += 4) {
        __m128i eq = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(a + x)), _mm_loadu_si128((const __m128i *)(b + x)));
        int mk = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(eq));
        _mm_storeu_si128((__m128i *)(out + m), _mm_add_epi32(_mm_set1_epi32(x), _mm_loadu_si128((const __m128i *)compact_lut[mk])));
        m += compact_cnt[mk];
    }
#endif
    for (; x < n; x++) { out[m] = x; m += a[x] != b[x]; }
    return m;
}

/* diff_positions of (a, b) into out1 and of (a, c) into out2 (each with room for n + 4) in one pass;
 * returns the first count, the second in *n2. */
static int32_t diff_positions2(const int32_t *restrict a, const int32_t *restrict b, const int32_t *restrict c, int n,
                               int32_t *restrict out1, int32_t *restrict out2, int32_t *n2) {
    int32_t m1 = 0, m2 = 0;
    int x = 0;
#ifdef USE_SSE2
    __m128i xv = _mm_setzero_si128();
    const __m128i four = _mm_set1_epi32(4);
    for (; x + 8 <= n; x += 8) {
        __m128i a0 = _mm_loadu_si128((const __m128i *)(a + x)), a1 = _mm_loadu_si128((const __m128i *)(a + x + 4));
        __m128i b0 = _mm_cmpeq_epi32(a0, _mm_loadu_si128((const __m128i *)(b + x)));
        __m128i b1 = _mm_cmpeq_epi32(a1, _mm_loadu_si128((const __m128i *)(b + x + 4)));
        __m128i c0 = _mm_cmpeq_epi32(a0, _mm_loadu_si128((const __m128i *)(c + x)));
        __m128i c1 = _mm_cmpeq_epi32(a1, _mm_loadu_si128((const __m128i *)(c + x + 4)));
        if (_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(b0, b1), _mm_and_si128(c0, c1))) != 0xFFFF) {
            /* not 8 equal in both pairs (flat areas: nothing to list) */
            int k1 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(b0)), k2 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(c0));
            int k3 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(b1)), k4 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(c1));
            __m128i xv4 = _mm_add_epi32(xv, four);
            _mm_storeu_si128((__m128i *)(out1 + m1), _mm_add_epi32(xv, _mm_loadu_si128((const __m128i *)compact_lut[k1])));
            _mm_storeu_si128((__m128i *)(out2 + m2), _mm_add_epi32(xv, _mm_loadu_si128((const __m128i *)compact_lut[k2])));
            m1 += compact_cnt[k1];
            m2 += compact_cnt[k2];
            _mm_storeu_si128((__m128i *)(out1 + m1), _mm_add_epi32(xv4, _mm_loadu_si128((const __m128i *)compact_lut[k3])));
            _mm_storeu_si128((__m128i *)(out2 + m2), _mm_add_epi32(xv4, _mm_loadu_si128((const __m128i *)compact_lut[k4])));
            m1 += compact_cnt[k3];
            m2 += compact_cnt[k4];
        }
        xv = _mm_add_epi32(xv, _mm_add_epi32(four, four));
    }
    for (; x + 4 <= n; x += 4) {
        __m128i av = _mm_loadu_si128((const __m128i *)(a + x));
        int k1 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(av, _mm_loadu_si128((const __m128i *)(b + x)))));
        int k2 = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(av, _mm_loadu_si128((const __m128i *)(c + x)))));
        _mm_storeu_si128((__m128i *)(out1 + m1), _mm_add_epi32(xv, _mm_loadu_si128((const __m128i *)compact_lut[k1])));
        _mm_storeu_si128((__m128i *)(out2 + m2), _mm_add_epi32(xv, _mm_loadu_si128((const __m128i *)compact_lut[k2])));
        m1 += compact_cnt[k1];
        m2 += compact_cnt[k2];
        xv = _mm_add_epi32(xv, four);
    }
#endif
    for (; x < n; x++) {
        out1[m1] = x; m1 += a[x] != b[x];
        out2[m2] = x; m2 += a[x] != c[x];
    }
    *n2 = m2;
    return m1;
}

/* row[x] = tab[row[x]] for x in [0, w); 8 equal entries (flat areas) take one look-up */
static void map_row(int32_t *restrict row, const int32_t *restrict tab, int w) {
    int x = 0;
#ifdef USE_SSE2
    for (; x + 8 <= w; x += 8) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(row + x)), v1 = _mm_loadu_si128((const __m128i *)(row + x + 4));
        __m128i f = _mm_shuffle_epi32(v0, 0);
        if (_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi32(v0, f), _mm_cmpeq_epi32(v1, f))) == 0xFFFF) {
            __m128i q = _mm_set1_epi32(tab[row[x]]);
            _mm_storeu_si128((__m128i *)(row + x), q);
            _mm_storeu_si128((__m128i *)(row + x + 4), q);
        } else {
            for (int j = 0; j < 8; j += 4) {
                int32_t q0 = tab[row[x + j]], q1 = tab[row[x + j + 1]], q2 = tab[row[x + j + 2]], q3 = tab[row[x + j + 3]];
                row[x + j] = q0; row[x + j + 1] = q1; row[x + j + 2] = q2; row[x + j + 3] = q3;
            }
        }
    }
#endif
    for (; x + 4 <= w; x += 4) {
        int32_t q0 = tab[row[x]], q1 = tab[row[x + 1]], q2 = tab[row[x + 2]], q3 = tab[row[x + 3]];
        row[x] = q0; row[x + 1] = q1; row[x + 2] = q2; row[x + 3] = q3;
    }
    for (; x < w; x++) row[x] = tab[row[x]];
}

/* out[i] = sqrt(in[i]) (correctly rounded either way) */
static void sqrt_batch(const int32_t *restrict in, double *restrict out, int32_t n) {
    int32_t i = 0;
#ifdef USE_SSE2
    for (; i + 2 <= n; i += 2)
        _mm_storeu_pd(out + i, _mm_sqrt_pd(_mm_cvtepi32_pd(_mm_loadl_epi64((const __m128i *)(in + i)))));
#endif
    for (; i < n; i++) out[i] = sqrt((double)in[i]);
}

#ifdef USE_SSE2
/* Sums of adjacent 32-bit lane pairs of lo (pixels 0, 1) and hi (pixels 2, 3): one sum per pixel. */
static inline __m128i pair_sums(__m128i lo, __m128i hi) {
    __m128 l = _mm_castsi128_ps(lo), hh = _mm_castsi128_ps(hi);
    return _mm_add_epi32(_mm_castps_si128(_mm_shuffle_ps(l, hh, _MM_SHUFFLE(2, 0, 2, 0))),
                         _mm_castps_si128(_mm_shuffle_ps(l, hh, _MM_SHUFFLE(3, 1, 3, 1))));
}

/* l2 = |B - A|^2 and num = (P - A).(B - A) of 4 pixels (4 bytes each, 4th byte 0), exact integers. */
static inline void blend_ints(__m128i A, __m128i P, __m128i B, __m128i *l2, __m128i *num) {
    const __m128i z = _mm_setzero_si128();
    __m128i alo = _mm_unpacklo_epi8(A, z), ahi = _mm_unpackhi_epi8(A, z);
    __m128i ablo = _mm_sub_epi16(_mm_unpacklo_epi8(B, z), alo), abhi = _mm_sub_epi16(_mm_unpackhi_epi8(B, z), ahi);
    __m128i palo = _mm_sub_epi16(_mm_unpacklo_epi8(P, z), alo), pahi = _mm_sub_epi16(_mm_unpackhi_epi8(P, z), ahi);
    *l2 = pair_sums(_mm_madd_epi16(ablo, ablo), _mm_madd_epi16(abhi, abhi));
    *num = pair_sums(_mm_madd_epi16(palo, ablo), _mm_madd_epi16(pahi, abhi));
}

/* The lanes with l2 >= 576 and 0 < num < l2 (blend_test rejects all others). */
static inline __m128i blend_int_ok(__m128i l2, __m128i num) {
    return _mm_and_si128(_mm_cmpgt_epi32(l2, _mm_set1_epi32(575)),
                         _mm_and_si128(_mm_cmpgt_epi32(num, _mm_setzero_si128()), _mm_cmpgt_epi32(l2, num)));
}

/* Lanes (4 pixels P between A and B) that may pass the blend test. */
static inline int blend_candidates(__m128i A, __m128i P, __m128i B) {
    __m128i l2, num;
    blend_ints(A, P, B, &l2, &num);
    return _mm_movemask_ps(_mm_castsi128_ps(blend_int_ok(l2, num)));
}

/* Channel c of 4 pixels minus that of A, as floats (exact). */
static inline __m128 chan_diff(__m128i X, __m128i A, int c) {
    const __m128i m = _mm_set1_epi32(0xFF);
    __m128i x = _mm_and_si128(_mm_srl_epi32(X, _mm_cvtsi32_si128(8 * c)), m);
    __m128i a = _mm_and_si128(_mm_srl_epi32(A, _mm_cvtsi32_si128(8 * c)), m);
    return _mm_cvtepi32_ps(_mm_sub_epi32(x, a));
}

/* blend_test on 4 lanes at once, each float op in the same order (bit-identical): the mask of the
 * passing lanes; *t gets t. */
static inline int blend_test4(__m128i A, __m128i P, __m128i B, __m128 *t_out) {
    __m128i l2i, numi;
    blend_ints(A, P, B, &l2i, &numi);
    __m128i ok = blend_int_ok(l2i, numi);
    __m128 l2f = _mm_cvtepi32_ps(l2i);
    __m128 t = _mm_div_ps(_mm_cvtepi32_ps(numi), l2f); /* num is exact, as in blend_test */
    __m128 perp2 = _mm_setzero_ps();
    for (int c = 0; c < 3; c++) {
        __m128 o = _mm_sub_ps(chan_diff(P, A, c), _mm_mul_ps(t, chan_diff(B, A, c)));
        o = _mm_mul_ps(o, o);
        perp2 = c == 0 ? o : _mm_add_ps(perp2, o);
    }
    __m128 lim = _mm_mul_ps(_mm_set1_ps((float)(PERP_FRACTION * PERP_FRACTION)), l2f);
    __m128 floor2 = _mm_set1_ps((float)(PERP_FLOOR * PERP_FLOOR)), ge = _mm_cmpge_ps(lim, floor2);
    lim = _mm_or_ps(_mm_and_ps(ge, lim), _mm_andnot_ps(ge, floor2));
    __m128 pass = _mm_and_ps(_mm_and_ps(_mm_cmpgt_ps(t, _mm_set1_ps((float)T_RANGE_LO)), _mm_cmplt_ps(t, _mm_set1_ps((float)T_RANGE_HI))),
                             _mm_cmple_ps(perp2, lim));
    *t_out = t;
    return _mm_movemask_ps(_mm_and_ps(pass, _mm_castsi128_ps(ok)));
}

/* 3-byte pixels to 4-byte ones (4th byte 0); src is readable up to 4 bytes past the row's end */
static inline void pack_row(const uint8_t *restrict src, uint32_t *restrict dst, int w) {
    int x = 0;
    const __m128i m = _mm_set1_epi32(0x00FFFFFF);
    for (; x + 4 <= w; x += 4) { /* bytes 3x .. 3x + 15: inside the row, or the 4 pad bytes at the last x */
        __m128i v = _mm_loadu_si128((const __m128i *)(src + 3 * x));
        __m128i p01 = _mm_unpacklo_epi32(v, _mm_srli_si128(v, 3));
        __m128i p23 = _mm_unpacklo_epi32(_mm_srli_si128(v, 6), _mm_srli_si128(v, 9));
        _mm_storeu_si128((__m128i *)(dst + x), _mm_and_si128(_mm_unpacklo_epi64(p01, p23), m));
    }
    for (; x < w; x++) { uint32_t v; memcpy(&v, src + 3 * x, 4); dst[x] = v & 0x00FFFFFFu; }
}

/* detect_blends as above, for x86 (little-endian): rows are packed to 4 bytes a pixel, the exact tests
 * run only at the pixels whose integer prefilter passes on one axis (computed 4 pixels at a time), keys
 * are computed 4 at a time, and the bitmap is marked where the key changes along the row. */
static int detect_blends_sse2(const uint8_t *restrict rgb, const uint8_t *restrict valid, int h, int w,
                              Blend **blp, int64_t cap, int64_t *nb_out,
                              int32_t *restrict keys, uint64_t *restrict bitmap, int *any_use_out) {
    const int64_t stride = (int64_t)w + 8; /* 4 pad pixels (zero) on each side */
    uint32_t *buf = (uint32_t *)calloc((size_t)(3 * stride), sizeof(uint32_t));
    int32_t *pos = (int32_t *)malloc(sizeof(int32_t) * (size_t)(w + 8));
    if (!buf || !pos) { free(buf); free(pos); return -1; }
    int any_use = 0;
    int64_t nb = 0; /* one list in row-major order of the blend pixel (one blend a pixel at most) */
#define PROW(yy) (buf + 4 + ((yy) % 3) * stride)
#define PACK_ROW(yy) pack_row(rgb + 3 * (int64_t)(yy) * w, PROW(yy), w)
    PACK_ROW(0);
    for (int y = 0; y < h; y++) {
        if (y + 1 < h) PACK_ROW(y + 1); /* into the slot of row y - 2 */
        const int64_t row = (int64_t)y * w;
        const uint8_t *r = rgb + 3 * row;
        const int vert = y >= 1 && y + 1 < h;
        const uint32_t *pr = PROW(y), *up = PROW(y + 2), *dn = PROW(y + 1); /* (y + 2) % 3 == (y - 1) % 3 */
        if (grow_blends(blp, &cap, nb + w + 1) < 0) { free(buf); free(pos); return -1; }
        Blend *bl = *blp;
        int32_t *kr = keys + row;
        const uint8_t *vr = valid ? valid + row : NULL;
        int32_t n = 0;
        int x = 0;
        for (; x + 4 <= w; x += 4) {
            __m128i P = _mm_loadu_si128((const __m128i *)(pr + x));
            /* equal ends (l2 = 0) on an axis pass nothing there: flat areas skip the prefilter */
            __m128i L = _mm_loadu_si128((const __m128i *)(pr + x - 1)), R = _mm_loadu_si128((const __m128i *)(pr + x + 1));
            int m = _mm_movemask_epi8(_mm_cmpeq_epi32(L, R)) == 0xFFFF ? 0 : blend_candidates(L, P, R);
            if (vert) {
                __m128i U = _mm_loadu_si128((const __m128i *)(up + x)), D = _mm_loadu_si128((const __m128i *)(dn + x));
                if (_mm_movemask_epi8(_mm_cmpeq_epi32(U, D)) != 0xFFFF) m |= blend_candidates(U, P, D);
            }
            _mm_storeu_si128((__m128i *)(pos + n), _mm_add_epi32(_mm_set1_epi32(x), _mm_loadu_si128((const __m128i *)compact_lut[m])));
            n += compact_cnt[m];
            __m128i k = _mm_or_si128(
                _mm_or_si128(_mm_slli_epi32(_mm_and_si128(P, _mm_set1_epi32(0xFC)), 2 * BITS - SHIFT),
                             _mm_srli_epi32(_mm_and_si128(P, _mm_set1_epi32(0xFC00)), 8 + SHIFT - BITS)),
                _mm_srli_epi32(P, 16 + SHIFT));
            _mm_storeu_si128((__m128i *)(kr + x), k);
        }
        for (; x < w; x++) { pos[n++] = x; kr[x] = key_of(r + 3 * x); } /* the tail: all tested */
        int32_t nused = w;
        for (int32_t i = 0; i < n; i += 4) { /* 4 candidates at a time; pos is padded with copies of 0 */
            const int32_t *q = pos + i;
            int x0 = q[0], x1 = i + 1 < n ? q[1] : x0, x2 = i + 2 < n ? q[2] : x0, x3 = i + 3 < n ? q[3] : x0;
            __m128i P = _mm_setr_epi32((int)pr[x0], (int)pr[x1], (int)pr[x2], (int)pr[x3]);
            __m128 th, tv;
            int mh = blend_test4(_mm_setr_epi32((int)pr[x0 - 1], (int)pr[x1 - 1], (int)pr[x2 - 1], (int)pr[x3 - 1]), P,
                                 _mm_setr_epi32((int)pr[x0 + 1], (int)pr[x1 + 1], (int)pr[x2 + 1], (int)pr[x3 + 1]), &th);
            int mv = vert ? blend_test4(_mm_setr_epi32((int)up[x0], (int)up[x1], (int)up[x2], (int)up[x3]), P,
                                        _mm_setr_epi32((int)dn[x0], (int)dn[x1], (int)dn[x2], (int)dn[x3]), &tv) : 0;
            if (!(mh | mv)) continue;
            float tha[4], tva[4];
            _mm_storeu_ps(tha, th); _mm_storeu_ps(tva, vert ? tv : th);
            int live = n - i < 4 ? (1 << (n - i)) - 1 : 15; /* the padding lanes record nothing */
            mh &= live; mv &= live;
            const int xs[4] = {x0, x1, x2, x3};
            for (int j = 0; j < 4; j++) { /* a fixed count: unrolled, no branch on the lane count */
                int xx = xs[j];
                const int64_t ip = row + xx;
                int ph = (mh >> j) & 1 & (xx >= 1) & (xx + 1 < w);
                if (valid && ph && !(valid[ip] && valid[ip - 1] && valid[ip + 1])) ph = 0; /* valid first: invariant */
                int pv = (mv >> j) & 1 & !ph;
                if (valid && pv && !(valid[ip] && valid[ip - w] && valid[ip + w])) pv = 0;
                Blend *o = bl + nb;
                o->ip = (int32_t)ip; o->ia = (int32_t)(ip - (ph ? 1 : w)); o->ib = (int32_t)(ip + (ph ? 1 : w));
                o->t = ph ? tha[j] : tva[j];
                nb += ph | pv;
                kr[xx] = (ph | pv) ? -1 : kr[xx];
                nused -= ph | pv;
            }
        }
        if (vr)
            for (int xx = 0; xx < w; xx++)
                if (!vr[xx]) { nused -= kr[xx] >= 0; kr[xx] = -1; } /* a blend is valid: no double count */
        if (nused) {
            any_use = 1;
            /* key -1 marks bit 63 of the spare word bitmap[NBINS / 64] (unused) */
#define MARK(key_) do { int32_t k_ = (key_); uint32_t n_ = (uint32_t)(k_ >> 31); /* branchless: -1 is frequent */ \
        uint32_t u_ = ((uint32_t)k_ & ~n_) | (((uint32_t)NBINS + 63u) & n_); \
        bitmap[u_ >> 6] |= (uint64_t)1 << (u_ & 63); } while (0)
            MARK(kr[0]);
            n = diff_positions(kr + 1, kr, w - 1, pos);
            for (int32_t i = 0; i < n; i++) MARK(kr[pos[i] + 1]);
#undef MARK
        }
    }
#undef PROW
#undef PACK_ROW
    free(buf); free(pos);
    *any_use_out = any_use;
    *nb_out = nb;
    return 0;
}
#endif

/* returns number of results (>= 0) or -1 on OOM */
static int run(const uint8_t *rgb, const uint8_t *valid_in, int h, int w, int max_colors, Found *res) {
    Work W;
    memset(&W, 0, sizeof W);
    Work *wk = &W;
    Clusters *cl = &wk->cl;
    int64_t N = (int64_t)h * w;
    int nres = 0;
    const uint8_t *valid = valid_in;
    if (valid) {
        int any = 0;
        for (int64_t i = 0; i < N; i++) if (valid[i]) { any = 1; break; }
        if (!any) valid = NULL;
    }

    /* detect_blends */
    int64_t nb = 0;
    const int64_t bcap = N / 16 + w + 1; /* grown row by row as needed */
    ALLOC(wk->bl, Blend, bcap);
    ALLOC(wk->pixel_bin, int32_t, N);
    CALLOC(wk->bitmap, uint64_t, NBINS / 64 + 1); /* + a spare word */
    int any_use = 0;
#ifdef USE_SSE2
    if (detect_blends_sse2(rgb, valid, h, w, &wk->bl, bcap, &nb, wk->pixel_bin, wk->bitmap, &any_use) < 0)
        goto oom;
#else
    if (detect_blends(rgb, valid, h, w, &wk->bl, bcap, &nb, wk->pixel_bin, wk->bitmap, &any_use) < 0)
        goto oom;
#endif

    if (!any_use) {
        /* no usable pixel: all pixels, or the valid ones */
        int32_t prev = -1;
        for (int64_t i = 0; i < N; i++) {
            if (valid && !valid[i]) { wk->pixel_bin[i] = -1; continue; }
            int32_t key = key_of(rgb + 3 * i);
            wk->pixel_bin[i] = key;
            if (key != prev) { wk->bitmap[key >> 6] |= (uint64_t)1 << (key & 63); prev = key; }
        }
    }
    ALLOC(wk->prefix, int32_t, NBINS / 64);
    int32_t B = 0;
    for (int i = 0; i < NBINS / 64; i++) { wk->prefix[i] = B; B += popcount64(wk->bitmap[i]); }
#define RANK(key) (wk->prefix[(key) >> 6] + popcount64(wk->bitmap[(key) >> 6] & ((((uint64_t)1) << ((key) & 63)) - 1)))
#define OCCUPIED(key) ((wk->bitmap[(key) >> 6] >> ((key) & 63)) & 1)
    ALLOC(wk->bn, int64_t, B);
    ALLOC(wk->bsum, int64_t, 3 * (int64_t)B);
    ALLOC(wk->bsq, int64_t, B);
    {
        /* integer sums (exact, so the order is free): the rank of each occupied key from a table (only
         * the occupied keys' entries are written; [0] is key -1 = the dummy bin B), then a branchless
         * per-pixel accumulate into two interleaved staging tables (even and odd pixels: shorter chains
         * through memory within a run of one bin), added up at the end */
        ALLOC(wk->rank_of, int32_t, (int64_t)NBINS + 1);
        int32_t *rko = wk->rank_of + 1;
        rko[-1] = B;
        for (int wi = 0; wi < NBINS / 64; wi++) {
            uint64_t bits = wk->bitmap[wi];
            int32_t r = wk->prefix[wi];
            while (bits) {
                int bit = __builtin_ctzll(bits);
                rko[wi * 64 + bit] = r++;
                bits &= bits - 1;
            }
        }
        int32_t *pb = wk->pixel_bin;
        int64_t *bn = wk->bn, *bsum = wk->bsum, *bsq = wk->bsq;
        int64_t i = 0;
#ifdef USE_SSE2
        if (N <= ((int64_t)1 << 23)) { /* 32-bit lanes for the count and channel sums: 255 * N < 2**31 */
            /* per bin and table: (p0, p1, p2, 1) as 32-bit lanes, (p0^2 + p1^2, p2^2 + 1) as 64-bit ones */
            CALLOC(wk->stage, int64_t, 8 * ((int64_t)B + 1));
            __m128i *S0 = (__m128i *)wk->stage, *S1 = S0 + 2 * ((int64_t)B + 1);
            const __m128i z = _mm_setzero_si128();
            const uint32_t one = 0x01000000u;
#define ACCV(S_, i_) do { int32_t c_ = rko[pb[i_]]; pb[i_] = c_; \
        __m128i x_ = _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)((px_load(rgb + 3 * (i_)) & 0x00FFFFFFu) | one)), z); \
        __m128i *a_ = (S_) + 2 * (int64_t)c_; \
        a_[0] = _mm_add_epi32(a_[0], _mm_unpacklo_epi16(x_, z)); \
        a_[1] = _mm_add_epi64(a_[1], _mm_unpacklo_epi32(_mm_madd_epi16(x_, x_), z)); } while (0)
            /* two pixels at a time from one 8-byte load (pixels i and i + 1 and 2 bytes of the next:
             * inside the image while i + 3 <= N): 16-bit lanes (a0, a1, a2, 1, b0, b1, b2, 1), one madd */
            const __m128i m24 = _mm_set1_epi32(0x00FFFFFF), one4 = _mm_set1_epi32((int)one);
            for (; i + 3 <= N; i += 2) {
                int32_t c0 = rko[pb[i]], c1 = rko[pb[i + 1]];
                pb[i] = c0; pb[i + 1] = c1;
                __m128i v = _mm_loadl_epi64((const __m128i *)(rgb + 3 * i));
                __m128i x = _mm_unpacklo_epi8(
                    _mm_or_si128(_mm_and_si128(_mm_unpacklo_epi32(v, _mm_srli_epi64(v, 24)), m24), one4), z);
                __m128i sq = _mm_madd_epi16(x, x);
                __m128i *a0 = S0 + 2 * (int64_t)c0, *a1 = S1 + 2 * (int64_t)c1;
                a0[0] = _mm_add_epi32(a0[0], _mm_unpacklo_epi16(x, z));
                a0[1] = _mm_add_epi64(a0[1], _mm_unpacklo_epi32(sq, z));
                a1[0] = _mm_add_epi32(a1[0], _mm_unpackhi_epi16(x, z));
                a1[1] = _mm_add_epi64(a1[1], _mm_unpackhi_epi32(sq, z));
            }
            for (; i < N; i++) ACCV(S0, i);
#undef ACCV
            for (int32_t b = 0; b < B; b++) {
                int32_t u[4], v[4];
                int64_t q[2], r[2];
                _mm_storeu_si128((__m128i *)u, S0[2 * (int64_t)b]);
                _mm_storeu_si128((__m128i *)v, S1[2 * (int64_t)b]);
                _mm_storeu_si128((__m128i *)q, S0[2 * (int64_t)b + 1]);
                _mm_storeu_si128((__m128i *)r, S1[2 * (int64_t)b + 1]);
                bn[b] = (int64_t)u[3] + v[3];
                bsum[3 * b] = (int64_t)u[0] + v[0]; bsum[3 * b + 1] = (int64_t)u[1] + v[1]; bsum[3 * b + 2] = (int64_t)u[2] + v[2];
                bsq[b] = q[0] + q[1] + r[0] + r[1] - bn[b];
            }
        } else
#endif
        {
            CALLOC(wk->stage, int64_t, 10 * ((int64_t)B + 1));
            int64_t *S0 = wk->stage, *S1 = wk->stage + 5 * ((int64_t)B + 1);
#define ACC(S_, i_) do { int32_t c_ = rko[pb[i_]]; pb[i_] = c_; const uint8_t *p_ = rgb + 3 * (i_); \
        int32_t v0_ = p_[0], v1_ = p_[1], v2_ = p_[2]; int64_t *a_ = (S_) + 5 * (int64_t)c_; \
        a_[0]++; a_[1] += v0_; a_[2] += v1_; a_[3] += v2_; a_[4] += v0_ * v0_ + v1_ * v1_ + v2_ * v2_; } while (0)
            for (; i + 2 <= N; i += 2) { ACC(S0, i); ACC(S1, i + 1); }
            for (; i < N; i++) ACC(S0, i);
#undef ACC
            for (int32_t b = 0; b < B; b++) {
                const int64_t *a = S0 + 5 * (int64_t)b, *c = S1 + 5 * (int64_t)b;
                bn[b] = a[0] + c[0];
                bsum[3 * b] = a[1] + c[1]; bsum[3 * b + 1] = a[2] + c[2]; bsum[3 * b + 2] = a[3] + c[3];
                bsq[b] = a[4] + c[4];
            }
        }
    }
    ALLOC(wk->bspread, double, B);
    ALLOC(wk->bok, double, 3 * (int64_t)B);
    ALLOC(wk->bmass, double, B);
    CALLOC(wk->credit, double, B);
    {
        /* srgb_to_linear of whole values, computed once each (the same libm call, so the same value) */
        double lin256[256];
        uint8_t have256[256];
        memset(have256, 0, sizeof have256);
        for (int32_t b = 0; b < B; b++) {
            int64_t nb = wk->bn[b];
            double n = (double)nb;
            double mean[3], lin[3];
            for (int c = 0; c < 3; c++) {
                int64_t sum = wk->bsum[3 * b + c];
                mean[c] = (double)sum / n;
                if (sum % nb == 0) {
                    int v = (int)(sum / nb);
                    if (!have256[v]) { lin256[v] = srgb_to_linear((double)v); have256[v] = 1; }
                    lin[c] = lin256[v];
                } else {
                    lin[c] = srgb_to_linear(mean[c]);
                }
            }
            double sp = (double)wk->bsq[b] / n - (mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
            wk->bspread[b] = sp >= 0.0 ? sp : 0.0;
            linear_to_oklab(lin, wk->bok + 3 * b);
        }
    }
    /* credits: all end_a (weight 1 - t) in row-major order of the blend pixel, then all end_b (t) */
    for (int pass = 0; pass < 2; pass++) {
        for (int64_t q = 0; q < nb; q++) {
            const Blend *e = &wk->bl[q];
            const int64_t ie = pass == 0 ? e->ia : e->ib;
            int32_t rk = wk->pixel_bin[ie]; /* the end's bin when it is a used pixel */
            if (rk == B) { /* a blend itself: its key's bin may still be occupied by others */
                int32_t key = key_of(rgb + 3 * ie);
                if (!OCCUPIED(key)) continue;
                rk = RANK(key);
            }
            double t = (double)e->t;
            wk->credit[rk] += pass == 0 ? 1.0 - t : t;
        }
    }
    for (int32_t b = 0; b < B; b++) wk->bmass[b] = (double)wk->bn[b] + wk->credit[b];

    /* leader_clusters */
    int64_t total_n = 0;
    for (int32_t b = 0; b < B; b++) total_n += wk->bn[b];
    double total_b = (double)total_n;
    /* np.lexsort((keys, -n / (1 + spread))): only the order of the heavy bins is used (and, when no
     * bin is heavy, the first bin of the order), so only those are sorted */
    ALLOC(wk->border, DKey, B);
    ALLOC(wk->bin_label, int32_t, (int64_t)B + 1); /* [B]: the dummy bin of unused pixels, set to k below */
    for (int32_t b = 0; b < B; b++) wk->bin_label[b] = -1;
    ALLOC(wk->remaining, int32_t, B);
    double heavy_min = MIN_LEADER_SHARE * total_b;
    if (heavy_min < 2.0) heavy_min = 2.0;
    int32_t nrem = 0;
    for (int32_t b = 0; b < B; b++) {
        if (!((double)wk->bn[b] >= heavy_min)) continue;
        wk->border[nrem].v = -(double)wk->bn[b] / (1.0 + wk->bspread[b]);
        wk->border[nrem].idx = b;
        nrem++;
    }
    if (nrem == 0 && B > 0) {
        DKey best = {-(double)wk->bn[0] / (1.0 + wk->bspread[0]), 0};
        for (int32_t b = 1; b < B; b++) {
            DKey cand = {-(double)wk->bn[b] / (1.0 + wk->bspread[b]), b};
            if (cmp_dkey(&cand, &best) < 0) best = cand;
        }
        wk->border[nrem++] = best;
    }
    qsort(wk->border, (size_t)nrem, sizeof(DKey), cmp_dkey);
    for (int32_t r = 0; r < nrem; r++) wk->remaining[r] = wk->border[r].idx;
    ALLOC(wk->lead_bin, int32_t, MAX_LEADERS);
    /* histogram.surface_pairs: solid bins SURFACE_DE to under NOISE_DE apart, both with interior
     * evidence (counted only for those: rare); their bins never share a leader */
    int napart = 0;
    {
        const double smin = SOLID_SHARE * total_b > SOLID_MIN_PIXELS ? SOLID_SHARE * total_b : SOLID_MIN_PIXELS;
        int32_t nsol = 0;
        ALLOC(wk->solid_idx, int32_t, B);
        for (int32_t b = 0; b < B; b++)
            if ((double)wk->bn[b] >= smin && wk->bspread[b] <= SOLID_SPREAD) wk->solid_idx[nsol++] = b;
        if (nsol >= 2) {
            double *slab;
            ALLOC(slab, double, 3 * (int64_t)nsol);
            wk->surface = (int8_t *)malloc((size_t)nsol);
            wk->apart = (int32_t *)malloc(sizeof(int32_t) * 2 * (size_t)nsol * (size_t)(nsol - 1) / 2);
            if (!wk->surface || !wk->apart) { free(slab); goto oom; }
            memset(wk->surface, -1, (size_t)nsol);
            for (int32_t x = 0; x < nsol; x++) {
                int32_t b = wk->solid_idx[x];
                double m[3];
                for (int c = 0; c < 3; c++) m[c] = (double)wk->bsum[3 * b + c] / (double)wk->bn[b];
                srgb_to_lab(m, slab + 3 * x);
            }
            for (int32_t x = 0; x < nsol; x++)
                for (int32_t y = x + 1; y < nsol; y++) {
                    double de = ciede2000(slab + 3 * x, slab + 3 * y);
                    if (!(de >= SURFACE_DE && de < NOISE_DE)) continue;
                    int ok = 1;
                    for (int32_t z = x; ok && z <= y; z += y - x) {
                        if (wk->surface[z] < 0) {
                            int32_t b = wk->solid_idx[z];
                            double need = SURFACE_INTERIOR * (double)wk->bn[b];
                            if (need < SOLID_MIN_PIXELS) need = SOLID_MIN_PIXELS;
                            wk->surface[z] = (int8_t)has_interior(wk->pixel_bin, h, w, b, need);
                        }
                        ok = wk->surface[z];
                    }
                    if (!ok) continue;
                    wk->apart[2 * napart] = wk->solid_idx[x];
                    wk->apart[2 * napart + 1] = wk->solid_idx[y];
                    napart++;
                }
            free(slab);
            if (napart) CALLOC(wk->apart_mark, uint8_t, B);
        }
    }
    int k = 0;
    while (nrem && k < MAX_LEADERS) {
        int32_t lead = wk->remaining[0];
        const double *ol = wk->bok + 3 * lead;
        /* the radius grows with the leader's chroma (histogram.py says why) */
        double chroma = sqrt(ol[1] * ol[1] + ol[2] * ol[2]);
        const double rad = LEADER_RADIUS + LEADER_RADIUS_PER_CHROMA * (chroma < LEADER_CHROMA_CAP ? chroma : LEADER_CHROMA_CAP);
        const double r2 = rad * rad;
        const double solid_min = SOLID_SHARE * total_b > SOLID_MIN_PIXELS ? SOLID_SHARE * total_b : SOLID_MIN_PIXELS;
        const int lead_solid = (double)wk->bn[lead] >= solid_min && wk->bspread[lead] <= SOLID_SPREAD;
        double lead_lab[3];
        if (lead_solid) {
            double m[3];
            for (int c = 0; c < 3; c++) m[c] = (double)wk->bsum[3 * lead + c] / (double)wk->bn[lead];
            srgb_to_lab(m, lead_lab);
        }
        int marked = 0;
        for (int p = 0; p < napart; p++) {
            if (wk->apart[2 * p] == lead) { wk->apart_mark[wk->apart[2 * p + 1]] = 1; marked = 1; }
            else if (wk->apart[2 * p + 1] == lead) { wk->apart_mark[wk->apart[2 * p]] = 1; marked = 1; }
        }
        int32_t keep = 0;
        for (int32_t r = 0; r < nrem; r++) {
            int32_t b = wk->remaining[r];
            const double *o = wk->bok + 3 * b;
            double d0 = o[0] - ol[0], d1 = o[1] - ol[1], d2 = o[2] - ol[2];
            double p0 = d0 * d0, p1 = d1 * d1, p2 = d2 * d2;
            int near = r == 0 || (p0 + p2) + p1 <= r2; /* einsum's order */
            if (near && r > 0 && lead_solid && (double)wk->bn[b] >= solid_min && wk->bspread[b] <= SOLID_SPREAD) {
                /* two solid colours ΔE2000 ≥ NOISE_DE apart: neither joins the other (histogram.py) */
                double m[3], lab[3];
                for (int c = 0; c < 3; c++) m[c] = (double)wk->bsum[3 * b + c] / (double)wk->bn[b];
                srgb_to_lab(m, lab);
                if (ciede2000(lead_lab, lab) >= NOISE_DE) near = 0;
            }
            if (near && r > 0 && marked && wk->apart_mark[b]) near = 0; /* a surface pair */
            if (near) wk->bin_label[b] = k;
            else wk->remaining[keep++] = b;
        }
        nrem = keep;
        wk->lead_bin[k++] = lead;
        if (marked) memset(wk->apart_mark, 0, (size_t)B);
    }
    /* the nearest leader (the first on ties) of the other bins; leaders' coordinates as columns */
    ALLOC(wk->lead_ok, double, 3 * (int64_t)(k + 1));
    {
        double *L0 = wk->lead_ok, *L1 = L0 + k + 1, *L2 = L1 + k + 1;
        for (int l = 0; l < k; l++) {
            const double *ol = wk->bok + 3 * wk->lead_bin[l];
            L0[l] = ol[0]; L1[l] = ol[1]; L2[l] = ol[2];
        }
        for (int32_t b = 0; b < B; b++) {
            if (wk->bin_label[b] >= 0) continue;
            const double *o = wk->bok + 3 * b;
            int best = 0;
            double bd = 0;
            int l = 0;
#ifdef USE_SSE2
            if (k >= 2) {
                /* lane j: the leaders l = j mod 2, each lane's first minimum; then the first overall */
                const __m128d o0 = _mm_set1_pd(o[0]), o1 = _mm_set1_pd(o[1]), o2 = _mm_set1_pd(o[2]);
                __m128d bdv = _mm_set1_pd(INFINITY);
                __m128i bl = _mm_setzero_si128(), lv = _mm_set_epi32(0, 0, 1, 0);
                const __m128i two = _mm_set1_epi32(2);
                for (; l + 2 <= k; l += 2) {
                    __m128d d0 = _mm_sub_pd(o0, _mm_loadu_pd(L0 + l));
                    __m128d d1 = _mm_sub_pd(o1, _mm_loadu_pd(L1 + l));
                    __m128d d2 = _mm_sub_pd(o2, _mm_loadu_pd(L2 + l));
                    __m128d dd = _mm_add_pd(_mm_add_pd(_mm_mul_pd(d0, d0), _mm_mul_pd(d1, d1)), _mm_mul_pd(d2, d2));
                    __m128d lt = _mm_cmplt_pd(dd, bdv);
                    bdv = _mm_or_pd(_mm_and_pd(lt, dd), _mm_andnot_pd(lt, bdv));
                    __m128i lti = _mm_shuffle_epi32(_mm_castpd_si128(lt), _MM_SHUFFLE(3, 3, 2, 0));
                    bl = _mm_or_si128(_mm_and_si128(lti, lv), _mm_andnot_si128(lti, bl));
                    lv = _mm_add_epi32(lv, two);
                }
                double bds[2];
                int32_t bls[4];
                _mm_storeu_pd(bds, bdv);
                _mm_storeu_si128((__m128i *)bls, bl);
                if (bds[1] < bds[0] || (bds[1] == bds[0] && bls[1] < bls[0])) { bd = bds[1]; best = bls[1]; }
                else { bd = bds[0]; best = bls[0]; }
            }
#endif
            for (; l < k; l++) {
                double d0 = o[0] - L0[l], d1 = o[1] - L1[l], d2 = o[2] - L2[l];
                double dd = d0 * d0 + d1 * d1 + d2 * d2;
                if (l == 0 || dd < bd) { bd = dd; best = l; }
            }
            wk->bin_label[b] = best;
        }
    }
    {
        /* surface pairs as cluster pairs (the second side may have joined another leader's cluster) */
        int n = 0;
        for (int p = 0; p < napart; p++) {
            int32_t a = wk->bin_label[wk->apart[2 * p]], b = wk->bin_label[wk->apart[2 * p + 1]];
            if (a == b) continue;
            wk->apart[2 * n] = a; wk->apart[2 * n + 1] = b; n++;
        }
        napart = n;
    }
    int s = k + 1;
    cl->k = k; cl->s = s;
    CALLOC(cl->core, double, k);
    CALLOC(cl->core_rgb, double, 3 * k);
    for (int32_t b = 0; b < B; b++) {
        int l = wk->bin_label[b];
        const double *o = wk->bok + 3 * b, *ol = wk->bok + 3 * wk->lead_bin[l];
        double d0 = o[0] - ol[0], d1 = o[1] - ol[1], d2 = o[2] - ol[2];
        d0 *= d0; d1 *= d1; d2 *= d2;
        if (sqrt(d0 + d1 + d2) <= CORE_RADIUS) {
            cl->core[l] += (double)wk->bn[b];
            for (int c = 0; c < 3; c++) cl->core_rgb[3 * l + c] += (double)wk->bsum[3 * b + c];
        } else {
            cl->core[l] += 0.0;
            for (int c = 0; c < 3; c++) cl->core_rgb[3 * l + c] += 0.0;
        }
    }
    for (int l = 0; l < k; l++) {
        double dv = cl->core[l] >= 1 ? cl->core[l] : 1.0;
        for (int c = 0; c < 3; c++) cl->core_rgb[3 * l + c] /= dv;
    }

    /* label image (in place of pixel_bin: the dummy bin B becomes the void label k), converted row by
     * row two rows ahead of the adjacency pass below */
    wk->bin_label[B] = k;
    wk->labels = wk->pixel_bin;
    wk->pixel_bin = NULL;
#define LABEL_ROW(yy) map_row(wk->labels + (int64_t)(yy) * w, wk->bin_label, w)

    /* adjacency, row by row. Pairs (p, p + d) with different labels, from the lists of their positions
     * (diff_positions: no branch per pixel), per axis and distance. The step sums of the two axes are accumulated
     * apart (numpy: one bincount per axis, the vertical one first, then added), each in row-major
     * order of p as bincount adds them; touch and contacts are integers (order free). A pixel is an
     * edge pixel when one of its 4-neighbours has another label: its label's count (ecnt) grows when its
     * flag is first set. */
    CALLOC(cl->touch, int64_t, (int64_t)s * s);
    CALLOC(cl->contacts, int64_t, (int64_t)s * s);
    CALLOC(cl->step_sum, double, (int64_t)s * s);
    CALLOC(wk->step_tmp, double, (int64_t)s * s);
    CALLOC(wk->edge, uint8_t, 2 * (int64_t)w);
    CALLOC(cl->edge, double, k);
    ALLOC(wk->rest, int32_t, (int64_t)w + 8);
    ALLOC(wk->pos2, int32_t, (int64_t)w + 8);
    ALLOC(wk->d2buf, int32_t, (int64_t)w + 8);
    ALLOC(wk->sqbuf, double, (int64_t)w + 8);
    CALLOC(wk->ecnt, int32_t, s);
    {
        int32_t *L = wk->labels, *pos = wk->rest, *pos2 = wk->pos2, *ecnt = wk->ecnt, *d2buf = wk->d2buf;
        double *sqbuf = wk->sqbuf;
        int64_t *T = cl->touch, *C = cl->contacts;
        double *SV = cl->step_sum, *SH = wk->step_tmp;
        uint8_t *ecur = wk->edge, *enext = wk->edge + w;
        LABEL_ROW(0);
        if (h > 1) LABEL_ROW(1);
        for (int y = 0; y < h; y++) {
            const int32_t *r0 = L + (int64_t)y * w;
            const uint8_t *c0 = rgb + 3 * (int64_t)y * w;
            if (y + 2 < h) LABEL_ROW(y + 2);
            /* horizontal pairs at distance 1 and 2 (listed in one pass) */
            int32_t n, n2 = 0;
            if (w >= 2) {
                n = diff_positions2(r0, r0 + 1, r0 + 2, w - 2, pos, pos2, &n2);
                pos[n] = w - 2; n += r0[w - 2] != r0[w - 1]; /* the last pair at distance 1 */
            } else {
                n = 0;
            }
            for (int32_t i = 0; i < n; i++) {
                const uint8_t *pa = c0 + 3 * pos[i], *pb = pa + 3;
                int32_t e0 = (int32_t)pa[0] - pb[0], e1 = (int32_t)pa[1] - pb[1], e2 = (int32_t)pa[2] - pb[2];
                d2buf[i] = e0 * e0 + e1 * e1 + e2 * e2;
            }
            sqrt_batch(d2buf, sqbuf, n);
            for (int32_t i = 0; i < n; i++) {
                int x = pos[i];
                int64_t idx = (int64_t)r0[x] * s + r0[x + 1];
                C[idx]++;
                SH[idx] += sqbuf[i];
                ecnt[r0[x]] += 1 - ecur[x]; ecur[x] = 1;
                ecnt[r0[x + 1]] += 1 - ecur[x + 1]; ecur[x + 1] = 1;
            }
            /* horizontal pairs at distance 2 */
            for (int32_t i = 0; i < n2; i++) { int x = pos2[i]; T[(int64_t)r0[x] * s + r0[x + 2]]++; }
            n2 = 0;
            if (y + 1 < h) {
                /* vertical pairs at distance 1 (and 2, listed in the same pass) */
                const int32_t *r1 = r0 + w;
                const uint8_t *c1 = c0 + 3 * (int64_t)w;
                n = y + 2 < h ? diff_positions2(r0, r1, r1 + w, w, pos, pos2, &n2) : diff_positions(r0, r1, w, pos);
                for (int32_t i = 0; i < n; i++) {
                    int x = pos[i];
                    const uint8_t *pa = c0 + 3 * x, *pb = c1 + 3 * x;
                    int32_t e0 = (int32_t)pa[0] - pb[0], e1 = (int32_t)pa[1] - pb[1], e2 = (int32_t)pa[2] - pb[2];
                    d2buf[i] = e0 * e0 + e1 * e1 + e2 * e2;
                }
                sqrt_batch(d2buf, sqbuf, n);
                for (int32_t i = 0; i < n; i++) {
                    int x = pos[i];
                    int64_t idx = (int64_t)r0[x] * s + r1[x];
                    C[idx]++;
                    SV[idx] += sqbuf[i];
                    ecnt[r0[x]] += 1 - ecur[x]; ecur[x] = 1;
                    ecnt[r1[x]] += 1 - enext[x]; enext[x] = 1;
                }
            }
            if (y + 2 < h) {
                /* vertical pairs at distance 2 */
                const int32_t *r2 = r0 + 2 * (int64_t)w;
                for (int32_t i = 0; i < n2; i++) { int x = pos2[i]; T[(int64_t)r0[x] * s + r2[x]]++; }
            }
            /* the row's edge flags are final (each edge pixel was counted once, when first flagged) */
            memset(ecur, 0, (size_t)(uint32_t)w);
            uint8_t *tmp = ecur; ecur = enext; enext = tmp;
        }
        for (int l = 0; l < k; l++) cl->edge[l] = (double)ecnt[l];
        for (int64_t i = 0; i < (int64_t)s * s; i++) { SV[i] += SH[i]; T[i] += C[i]; } /* distance 1 counts once in C */
        /* symmetrise: m + m.T */
        for (int i = 0; i < s; i++)
            for (int j = i; j < s; j++) {
                int64_t a = (int64_t)i * s + j, b = (int64_t)j * s + i;
                int64_t t = T[a] + T[b]; T[a] = t; T[b] = t;
                int64_t c2 = C[a] + C[b]; C[a] = c2; C[b] = c2;
                double st = SV[a] + SV[b]; SV[a] = st; SV[b] = st;
            }
    }

    /* cluster statistics */
    CALLOC(cl->mass, double, k);
    CALLOC(cl->pixels, double, k);
    CALLOC(cl->rgb, double, 3 * k);
    ALLOC(cl->owner, int32_t, k);
    CALLOC(cl->continuum, uint8_t, k);
    ALLOC(cl->ok, double, 3 * k);
    ALLOC(cl->lab, double, 3 * k);
    for (int32_t b = 0; b < B; b++) {
        int l = wk->bin_label[b];
        cl->pixels[l] += (double)wk->bn[b];
        cl->mass[l] += wk->bmass[b];
        for (int c = 0; c < 3; c++) cl->rgb[3 * l + c] += (double)wk->bsum[3 * b + c];
    }
    for (int l = 0; l < k; l++)
        for (int c = 0; c < 3; c++) cl->rgb[3 * l + c] /= cl->pixels[l];
    for (int l = 0; l < k; l++) { cl->owner[l] = l; cl_refresh(cl, l); }

    /* stage 2 */
    if (fold_blends(cl) < 0) goto oom;
    ALLOC(wk->allowed, uint8_t, (int64_t)k * k);
    memset(wk->allowed, 1, (size_t)k * k);
    apart_apply(cl, wk->apart, napart, wk->allowed); /* two surfaces stay apart in every merge */
    if (agglomerate(cl, NOISE_DE, wk->allowed, NULL) < 0) goto oom;
    if (napart) {
        memset(wk->allowed, 1, (size_t)k * k);
        apart_apply(cl, wk->apart, napart, wk->allowed);
    }
    if (absorb_satellites(cl, napart ? wk->allowed : NULL) < 0) goto oom;
    ALLOC(wk->flat, uint8_t, k);
    if (continuum_groups(cl, wk->allowed, wk->flat) < 0) goto oom;
    apart_apply(cl, wk->apart, napart, wk->allowed);
    if (agglomerate(cl, CONTINUUM_DE, wk->allowed, wk->flat) < 0) goto oom;

    /* _ranked */
    double total;
    if (valid) {
        int64_t nvld = 0;
        for (int64_t i = 0; i < N; i++) nvld += valid[i] != 0;
        total = (double)nvld;
    } else {
        total = (double)N;
    }
    ALLOC(wk->rank, DKey, k);
    ALLOC(wk->imp, double, k);
    ALLOC(wk->shr, double, k);
    int na = 0, nkeep = 0;
    double smax = -INFINITY;
    for (int i = 0; i < k; i++) {
        if (!ALIVE(cl, i)) continue;
        double share = cl->mass[i] / total;
        const double *o = cl->ok + 3 * i;
        double chroma = hypot(o[1], o[2]);
        double cr = chroma / CHROMA_FULL;
        if (!(cr <= 1.0)) cr = isnan(cr) ? cr : 1.0;
        double imp = pow(share, SHARE_EXPONENT) * (1.0 + CHROMA_BOOST * cr) * (cl->continuum[i] ? CONTINUUM_WEIGHT : 1.0)
                     * (PURITY_FLOOR + (1.0 - PURITY_FLOOR) * cl_purity(cl, i));
        wk->imp[i] = imp;
        wk->shr[i] = share;
        if (share > smax) smax = share;
        if (share >= MIN_SHARE) nkeep++;
        na++;
    }
    for (int i = 0; i < k; i++) {
        if (!ALIVE(cl, i)) continue;
        int keep = nkeep ? wk->shr[i] >= MIN_SHARE : wk->shr[i] == smax;
        if (!keep) continue;
        wk->rank[nres].v = -wk->imp[i];
        wk->rank[nres].idx = i;
        nres++;
    }
    (void)na;
    qsort(wk->rank, (size_t)nres, sizeof(DKey), cmp_dkey);
    if (nres > max_colors) nres = max_colors;

    /* _final_labels + _regions */
    ALLOC(wk->lut, int32_t, s);
    for (int l = 0; l < k; l++) wk->lut[l] = cl->owner[l] >= 0 ? cl->owner[l] : k;
    wk->lut[k] = k;
    ALLOC(wk->slot_of, int32_t, s);
    for (int l = 0; l < s; l++) wk->slot_of[l] = nres;
    for (int r = 0; r < nres; r++) wk->slot_of[wk->rank[r].idx] = r;
    CALLOC(wk->rows, int64_t, (int64_t)nres * h);
    CALLOC(wk->cols, int64_t, (int64_t)nres * (w + 1)); /* column difference array, then counts */
    CALLOC(wk->count, int64_t, nres + 1);
    CALLOC(wk->edges, int64_t, nres + 1);
    {
        /* final labels in place of the labels (one row ahead), then runs of one final label; only the
         * chosen ones are counted. A pixel is an edge when a 4-neighbour has another final label:
         * horizontally only at the ends of a run. */
        int32_t *F = wk->labels;
        const int32_t *lut = wk->lut, *slot_of = wk->slot_of;
        int64_t *rows = wk->rows, *cd = wk->cols;
        int32_t *V = wk->d2buf, *pos = wk->rest;
#ifdef USE_SSE2
        static const int32_t cum4[16][4] = {
            {0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 1, 1}, {1, 2, 2, 2}, {0, 0, 1, 1}, {1, 1, 2, 2}, {0, 1, 2, 2},
            {1, 2, 3, 3}, {0, 0, 0, 1}, {1, 1, 1, 2}, {0, 1, 1, 2}, {1, 2, 2, 3}, {0, 0, 1, 2}, {1, 1, 2, 3},
            {0, 1, 2, 3}, {1, 2, 3, 4}};
#endif
        map_row(F, lut, w);
        for (int y = 0; y < h; y++) {
            const int32_t *fr = F + (int64_t)y * w;
            if (y + 1 < h) {
                map_row(F + (int64_t)(y + 1) * w, lut, w);
            }
            const int32_t *up = y > 0 ? fr - w : fr, *dn = y + 1 < h ? fr + w : fr; /* self = no edge */
            /* V[x]: number of vertical edge pixels (an up or down neighbour differs) before x */
            int x = 0;
            V[0] = 0;
#ifdef USE_SSE2
            int32_t acc = 0; /* V[x], kept in a register: no reload of the value just stored */
            for (; x + 4 <= w; x += 4) {
                __m128i f4 = _mm_loadu_si128((const __m128i *)(fr + x));
                __m128i same = _mm_and_si128(_mm_cmpeq_epi32(f4, _mm_loadu_si128((const __m128i *)(up + x))),
                                             _mm_cmpeq_epi32(f4, _mm_loadu_si128((const __m128i *)(dn + x))));
                int m = 15 & ~_mm_movemask_ps(_mm_castsi128_ps(same));
                _mm_storeu_si128((__m128i *)(V + x + 1), _mm_add_epi32(_mm_set1_epi32(acc), _mm_loadu_si128((const __m128i *)cum4[m])));
                acc += compact_cnt[m];
            }
#endif
            for (; x < w; x++) V[x + 1] = V[x] + (((up[x] ^ fr[x]) | (dn[x] ^ fr[x])) != 0);
            int32_t n = w > 1 ? diff_positions(fr, fr + 1, w - 1, pos) : 0;
            pos[n++] = w - 1; /* run ends */
            x = 0;
            for (int32_t i = 0; i < n; i++) {
                int x1 = pos[i] + 1;
                int sl = slot_of[fr[x]];
                if (sl != nres) {
                    rows[(int64_t)sl * h + y] += x1 - x;
                    cd[(int64_t)sl * (w + 1) + x]++;
                    cd[(int64_t)sl * (w + 1) + x1]--;
                    int64_t e = V[x1] - V[x];
                    int first_v = V[x + 1] - V[x];
                    int last_v = V[x1] - V[x1 - 1];
                    if (x > 0 && !first_v) e++;
                    if (x1 < w && !last_v && !(x1 - 1 == x && x > 0)) e++;
                    wk->edges[sl] += e;
                }
                x = x1;
            }
        }
        for (int r = 0; r < nres; r++) {
            int64_t c = 0, run = 0;
            for (int y = 0; y < h; y++) c += rows[(int64_t)r * h + y];
            wk->count[r] = c;
            int64_t *cr = cd + (int64_t)r * (w + 1);
            for (int xx = 0; xx < w; xx++) { run += cr[xx]; cr[xx] = run; }
        }
    }
    for (int r = 0; r < nres; r++) {
        int c = wk->rank[r].idx;
        Found *o = &res[r];
        const double *col = (cl->continuum[c] || cl->edge[c] > 0.9 * cl->pixels[c]) ? cl->rgb + 3 * c : cl->core_rgb + 3 * c;
        int v[3];
        for (int ch = 0; ch < 3; ch++) {
            double x = rint(col[ch]);
            if (x < 0) x = 0;
            if (x > 255) x = 255;
            v[ch] = (int)x;
        }
        o->r = v[0]; o->g = v[1]; o->b = v[2];
        o->share = wk->shr[c];
        o->importance = wk->imp[c];
        int64_t cnt = wk->count[r];
        if (cnt == 0) {
            o->x0 = 0.0; o->y0 = 0.0; o->x1 = 1.0; o->y1 = 1.0; o->cx = 0.5; o->cy = 0.5; o->edge_ratio = 1.0;
            continue;
        }
        const int64_t *rw = wk->rows + (int64_t)r * h, *cw = wk->cols + (int64_t)r * (w + 1);
        int ry0 = 0, ry1 = h - 1, cx0 = 0, cx1 = w - 1;
        while (rw[ry0] == 0) ry0++;
        while (rw[ry1] == 0) ry1--;
        while (cw[cx0] == 0) cx0++;
        while (cw[cx1] == 0) cx1--;
        int64_t sx = 0, sy = 0;
        for (int x = 0; x < w; x++) sx += cw[x] * x;
        for (int y = 0; y < h; y++) sy += rw[y] * y;
        double dc = (double)cnt;
        double cxv = (double)sx / dc, cyv = (double)sy / dc;
        o->x0 = (double)cx0 / w; o->y0 = (double)ry0 / h;
        o->x1 = (double)(cx1 + 1) / w; o->y1 = (double)(ry1 + 1) / h;
        o->cx = (cxv + 0.5) / w; o->cy = (cyv + 0.5) / h;
        o->edge_ratio = (double)wk->edges[r] / dc;
    }
    work_free(wk);
    return nres;
oom:
    work_free(wk);
    return -1;
}

/* (r, g, b, share, importance, x0, y0, x1, y1, cx, cy, edge_ratio) of f, built directly (no format string) */
static PyObject *found_tuple(const Found *f) {
    const long iv[3] = {f->r, f->g, f->b};
    const double dv[9] = {f->share, f->importance, f->x0, f->y0, f->x1, f->y1, f->cx, f->cy, f->edge_ratio};
    PyObject *t = PyTuple_New(12);
    if (!t) return NULL;
    for (int i = 0; i < 12; i++) {
        PyObject *o = i < 3 ? PyLong_FromLong(iv[i]) : PyFloat_FromDouble(dv[i - 3]);
        if (!o) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, i, o);
    }
    return t;
}

static PyObject *py_find_colors(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *rgb_obj, *valid_obj;
    Py_ssize_t h, w, max_colors;
    if (!PyArg_ParseTuple(args, "OnnOn:find_colors", &rgb_obj, &h, &w, &valid_obj, &max_colors)) return NULL;
    if (h < 0 || w < 0) { PyErr_SetString(PyExc_ValueError, "negative size"); return NULL; }
    if (h > INT32_MAX / 4 || w > INT32_MAX / 4 || (h && w > (Py_ssize_t)(INT32_MAX / 4) / h)) {
        PyErr_SetString(PyExc_ValueError, "image too large"); return NULL;
    }
    Py_ssize_t n = h * w;
    Py_buffer rb, vb;
    if (PyObject_GetBuffer(rgb_obj, &rb, PyBUF_SIMPLE) < 0) return NULL;
    if (rb.len != n * 3) {
        PyBuffer_Release(&rb);
        PyErr_SetString(PyExc_ValueError, "rgb must hold height*width*3 bytes");
        return NULL;
    }
    int has_valid = valid_obj != Py_None;
    if (has_valid) {
        if (PyObject_GetBuffer(valid_obj, &vb, PyBUF_SIMPLE) < 0) { PyBuffer_Release(&rb); return NULL; }
        if (vb.len != n) {
            PyBuffer_Release(&rb); PyBuffer_Release(&vb);
            PyErr_SetString(PyExc_ValueError, "valid must hold height*width bytes");
            return NULL;
        }
    }
    if (max_colors <= 0 || n == 0) {
        PyBuffer_Release(&rb);
        if (has_valid) PyBuffer_Release(&vb);
        return PyList_New(0);
    }
    if (max_colors > INT32_MAX) max_colors = INT32_MAX;
    uint8_t *rgb = (uint8_t *)malloc((size_t)n * 3 + 4); /* padded for px_load */
    uint8_t *valid = has_valid ? (uint8_t *)malloc((size_t)n) : NULL;
    if (!rgb || (has_valid && !valid)) {
        free(rgb); free(valid);
        PyBuffer_Release(&rb);
        if (has_valid) PyBuffer_Release(&vb);
        return PyErr_NoMemory();
    }
    memcpy(rgb, rb.buf, (size_t)n * 3);
    memset(rgb + (size_t)n * 3, 0, 4);
    PyBuffer_Release(&rb);
    if (has_valid) { memcpy(valid, vb.buf, (size_t)n); PyBuffer_Release(&vb); }
    int cap = max_colors < MAX_LEADERS ? (int)max_colors : MAX_LEADERS;
    Found *res = (Found *)malloc(sizeof(Found) * (size_t)cap);
    if (!res) { free(rgb); free(valid); return PyErr_NoMemory(); }
    int got;
    Py_BEGIN_ALLOW_THREADS
    got = run(rgb, valid, (int)h, (int)w, cap, res);
    Py_END_ALLOW_THREADS
    free(rgb); free(valid);
    if (got < 0) { free(res); return PyErr_NoMemory(); }
    PyObject *out = PyList_New(got);
    if (!out) { free(res); return NULL; }
    for (int i = 0; i < got; i++) {
        Found *f = &res[i];
        PyObject *t = found_tuple(f);
        if (!t) { Py_DECREF(out); free(res); return NULL; }
        PyList_SET_ITEM(out, i, t);
    }
    free(res);
    return out;
}

/* Does this CPU (and OS: AVX state saved) run x86-64-v3 code? GCC 12 knows the level by name;
 * anything else answers no, and the baseline build runs. */
static PyObject *py_cpu_has_x86_64_v3(PyObject *self, PyObject *unused) {
    (void)self; (void)unused;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
    __builtin_cpu_init();
    return PyBool_FromLong(__builtin_cpu_supports("x86-64-v3") != 0);
#else
    Py_RETURN_FALSE;
#endif
}

/* ---- imagery.py's two pixel passes (the rest of imagery.classify stays in Python) ----
 * Samples are pixels (y, x) = (i * s, j * s), i < nby * b, j < nbx * b (whole blocks of b × b
 * samples; every sample has a right and a lower neighbour). */

static int imagery_args(PyObject *rgb_obj, Py_ssize_t h, Py_ssize_t w, Py_ssize_t s, Py_ssize_t b,
                        Py_buffer *rb) {
    if (h < 2 || w < 2 || s < 1 || b < 1 || h > INT32_MAX / 4 || w > INT32_MAX / 4
        || w > (Py_ssize_t)(INT32_MAX / 4) / h) {
        PyErr_SetString(PyExc_ValueError, "bad size, stride or block");
        return -1;
    }
    if (PyObject_GetBuffer(rgb_obj, rb, PyBUF_SIMPLE) < 0) return -1;
    if (rb->len != h * w * 3) {
        PyBuffer_Release(rb);
        PyErr_SetString(PyExc_ValueError, "rgb must hold height*width*3 bytes");
        return -1;
    }
    return 0;
}

/* imagery_blocks(rgb, h, w, s, b, smooth_max, nby, nbx) -> bytes: int32 smooth counts of the
 * nby × nbx blocks (row-major), then their strong-edge counts. A sample is smooth when the largest
 * channel difference to its right and to its lower neighbour are both > 0 and the larger is
 * ≤ smooth_max; an edge when the larger is > smooth_max. */
static PyObject *py_imagery_blocks(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *rgb_obj;
    Py_ssize_t h, w, s, b, smooth_max, nby, nbx;
    if (!PyArg_ParseTuple(args, "Onnnnnnn:imagery_blocks", &rgb_obj, &h, &w, &s, &b, &smooth_max, &nby, &nbx))
        return NULL;
    Py_buffer rb;
    if (imagery_args(rgb_obj, h, w, s, b, &rb) < 0) return NULL;
    if (nby < 0 || nbx < 0 || (nby * b - 1) * s > h - 2 || (nbx * b - 1) * s > w - 2) {
        PyBuffer_Release(&rb);
        PyErr_SetString(PyExc_ValueError, "blocks outside the image");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(2 * nby * nbx * sizeof(int32_t)));
    if (!out) { PyBuffer_Release(&rb); return NULL; }
    int32_t *smooth = (int32_t *)PyBytes_AS_STRING(out), *edge = smooth + nby * nbx;
    memset(smooth, 0, (size_t)(2 * nby * nbx) * sizeof(int32_t));
    const uint8_t *px = (const uint8_t *)rb.buf;
    const Py_ssize_t row = w * 3;
    for (Py_ssize_t i = 0; i < nby * b; i++) {
        const uint8_t *line = px + i * s * row;
        int32_t *sm = smooth + (i / b) * nbx, *ed = edge + (i / b) * nbx;
        for (Py_ssize_t j = 0; j < nbx * b; j++) {
            const uint8_t *p = line + j * s * 3, *r = p + 3, *d = p + row;
            int rm = 0, dm = 0;
            for (int c = 0; c < 3; c++) {
                int dr = abs((int)r[c] - (int)p[c]), dd = abs((int)d[c] - (int)p[c]);
                if (dr > rm) rm = dr;
                if (dd > dm) dm = dd;
            }
            int hi = rm > dm ? rm : dm;
            if (hi > smooth_max) ed[j / b]++;
            else if (rm > 0 && dm > 0) sm[j / b]++;
        }
    }
    PyBuffer_Release(&rb);
    return out;
}

/* imagery_members(rgb, h, w, valid, s, b, region, nbx, palette, member, exact) -> bytes: int64
 * counts[(k + 1) × (nr + 1)] then flat[k], over every other sample each way (i, j even). A
 * sample's colour is the palette entry with the smallest largest-channel difference (the first on
 * ties), or k when that is > member or the pixel is not valid; its region is region[i / b, j / b]
 * (int32, -1 outside: column 0 of counts). flat counts samples within `exact` of their colour.
 * `region` holds nby × nbx int32, nr = max + 1; `palette` k × 3 bytes. */
static PyObject *py_imagery_members(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *rgb_obj, *valid_obj, *region_obj, *pal_obj;
    Py_ssize_t h, w, s, b, nbx, nr, member, exact;
    if (!PyArg_ParseTuple(args, "OnnOnnOnnOnn:imagery_members", &rgb_obj, &h, &w, &valid_obj, &s, &b, &region_obj,
                          &nbx, &nr, &pal_obj, &member, &exact))
        return NULL;
    Py_buffer rb, vb, gb, pb;
    if (imagery_args(rgb_obj, h, w, s, b, &rb) < 0) return NULL;
    int has_valid = valid_obj != Py_None;
    if (has_valid && PyObject_GetBuffer(valid_obj, &vb, PyBUF_SIMPLE) < 0) { PyBuffer_Release(&rb); return NULL; }
    if (PyObject_GetBuffer(region_obj, &gb, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&rb); if (has_valid) PyBuffer_Release(&vb); return NULL;
    }
    if (PyObject_GetBuffer(pal_obj, &pb, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&rb); if (has_valid) PyBuffer_Release(&vb); PyBuffer_Release(&gb); return NULL;
    }
    Py_ssize_t k = pb.len / 3, nblocks = nbx > 0 ? gb.len / (Py_ssize_t)sizeof(int32_t) : 0;
    Py_ssize_t nby = nbx > 0 ? nblocks / nbx : 0;
    PyObject *out = NULL;
    if (pb.len != k * 3 || k < 1 || nr < 0 || (has_valid && vb.len != h * w) || nby * nbx * 4 != gb.len
        || (nby * b - 1) * s > h - 2 || (nbx * b - 1) * s > w - 2) {
        PyErr_SetString(PyExc_ValueError, "bad valid, region or palette");
        goto done;
    }
    out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(((k + 1) * (nr + 1) + k) * sizeof(int64_t)));
    if (!out) goto done;
    int64_t *counts = (int64_t *)PyBytes_AS_STRING(out), *flat = counts + (k + 1) * (nr + 1);
    memset(counts, 0, (size_t)((k + 1) * (nr + 1) + k) * sizeof(int64_t));
    const uint8_t *px = (const uint8_t *)rb.buf, *pal = (const uint8_t *)pb.buf;
    const uint8_t *valid = has_valid ? (const uint8_t *)vb.buf : NULL;
    const int32_t *region = (const int32_t *)gb.buf;
    for (Py_ssize_t i = 0; i < nby * b; i += 2) {
        for (Py_ssize_t j = 0; j < nbx * b; j += 2) {
            Py_ssize_t at = i * s * w + j * s;
            const uint8_t *p = px + at * 3;
            int best = 256;
            Py_ssize_t label = 0;
            for (Py_ssize_t q = 0; q < k; q++) {
                int m = 0;
                for (int c = 0; c < 3; c++) {
                    int d = abs((int)p[c] - (int)pal[q * 3 + c]);
                    if (d > m) m = d;
                }
                if (m < best) { best = m; label = q; }
            }
            if (best > member || (valid && !valid[at])) label = k;
            int32_t r = region[(i / b) * nbx + j / b];
            if (r >= (int32_t)nr || r < -1) r = -1;
            counts[label * (nr + 1) + (r + 1)]++;
            if (best <= exact && label < k) flat[label]++;
        }
    }
done:
    PyBuffer_Release(&rb); if (has_valid) PyBuffer_Release(&vb); PyBuffer_Release(&gb); PyBuffer_Release(&pb);
    return out;
}

/* illustration_stats(rgb, h, w, valid, s, rows, cols, palette, levels) -> bytes: int64 solid[k],
 * bbox[k][4], touch[k][k], oblique[k][k], straight[k][k] (imagery.shape_stats over
 * imagery.label_grid). A sample (i * s, j * s), i < rows, j < cols, takes the palette entry with the
 * smallest largest-channel difference (the first on ties), or k when that is > levels or the pixel
 * is not valid. Per 2×2 window of samples: solid (all one colour; bbox = box of such windows'
 * top-left samples, zeros when none), touch (both colours in it), oblique / straight (exactly the
 * two colours, split 3:1 or diagonally / along a row or a column). */
static PyObject *py_illustration_stats(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *rgb_obj, *valid_obj, *pal_obj;
    Py_ssize_t h, w, s, rows, cols, levels;
    if (!PyArg_ParseTuple(args, "OnnOnnnOn:illustration_stats", &rgb_obj, &h, &w, &valid_obj, &s, &rows, &cols,
                          &pal_obj, &levels))
        return NULL;
    Py_buffer rb, vb, pb;
    if (imagery_args(rgb_obj, h, w, s, 1, &rb) < 0) return NULL;
    int has_valid = valid_obj != Py_None;
    if (has_valid && PyObject_GetBuffer(valid_obj, &vb, PyBUF_SIMPLE) < 0) { PyBuffer_Release(&rb); return NULL; }
    if (PyObject_GetBuffer(pal_obj, &pb, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&rb); if (has_valid) PyBuffer_Release(&vb); return NULL;
    }
    Py_ssize_t k = pb.len / 3;
    PyObject *out = NULL;
    uint8_t *lab = NULL;
    if (pb.len != k * 3 || k < 1 || k > 254 || (has_valid && vb.len != h * w) || rows < 2 || cols < 2
        || (rows - 1) * s > h - 1 || (cols - 1) * s > w - 1) {
        PyErr_SetString(PyExc_ValueError, "bad valid, grid or palette");
        goto done;
    }
    Py_ssize_t n = k + 4 * k + 3 * k * k;
    out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n * sizeof(int64_t)));
    lab = (uint8_t *)malloc((size_t)(rows * cols));
    if (!out || !lab) { Py_CLEAR(out); if (!PyErr_Occurred()) PyErr_NoMemory(); goto done; }
    int64_t *solid = (int64_t *)PyBytes_AS_STRING(out), *bbox = solid + k, *touch = bbox + 4 * k,
            *oblique = touch + k * k, *straight = oblique + k * k;
    memset(solid, 0, (size_t)n * sizeof(int64_t));
    const uint8_t *px = (const uint8_t *)rb.buf, *pal = (const uint8_t *)pb.buf;
    const uint8_t *valid = has_valid ? (const uint8_t *)vb.buf : NULL;
    /* A UI has few distinct pixel values: a small direct-mapped cache of value → label skips most
     * nearest-colour searches (entries hold value + 1, so 0 is empty). */
    uint32_t cache_key[256] = {0};
    uint8_t cache_label[256];
    for (Py_ssize_t i = 0; i < rows; i++) {
        for (Py_ssize_t j = 0; j < cols; j++) {
            Py_ssize_t at = i * s * w + j * s;
            const uint8_t *p = px + at * 3;
            uint32_t value = ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) + 1;
            uint32_t slot = (value * 2654435761u) >> 24;
            int label;
            if (cache_key[slot] == value) {
                label = cache_label[slot];
            } else {
                int best = 256;
                label = 0;
                for (int q = 0; q < (int)k; q++) {
                    int m = abs((int)p[0] - (int)pal[q * 3]);
                    int d1 = abs((int)p[1] - (int)pal[q * 3 + 1]), d2 = abs((int)p[2] - (int)pal[q * 3 + 2]);
                    if (d1 > m) m = d1;
                    if (d2 > m) m = d2;
                    if (m < best) { best = m; label = q; }
                }
                if (best > levels) label = (int)k;
                cache_key[slot] = value;
                cache_label[slot] = (uint8_t)label;
            }
            lab[i * cols + j] = (uint8_t)(valid && !valid[at] ? (int)k : label);
        }
    }
    for (Py_ssize_t q = 0; q < k; q++) {
        bbox[q * 4] = bbox[q * 4 + 1] = INT64_MAX;
        bbox[q * 4 + 2] = bbox[q * 4 + 3] = -1;
    }
    for (Py_ssize_t i = 0; i + 1 < rows; i++) {
        const uint8_t *top = lab + i * cols, *bot = top + cols;
        for (Py_ssize_t j = 0; j + 1 < cols; j++) {
            int v[4] = {top[j], top[j + 1], bot[j], bot[j + 1]};
            if (v[0] == v[1] && v[0] == v[2] && v[0] == v[3]) {
                if (v[0] < k) {
                    int64_t *bb = bbox + v[0] * 4;
                    solid[v[0]]++;
                    if (j < bb[0]) bb[0] = j;
                    if (i < bb[1]) bb[1] = i;
                    if (j + 1 > bb[2]) bb[2] = j + 1;
                    if (i + 1 > bb[3]) bb[3] = i + 1;
                }
                continue;
            }
            int u[4], nu = 0;  /* distinct labels */
            for (int t = 0; t < 4; t++) {
                int seen = 0;
                for (int z = 0; z < nu; z++) seen |= u[z] == v[t];
                if (!seen) u[nu++] = v[t];
            }
            for (int x = 0; x < nu; x++)
                for (int y = x + 1; y < nu; y++)
                    if (u[x] < k && u[y] < k) { touch[u[x] * k + u[y]]++; touch[u[y] * k + u[x]]++; }
            if (nu == 2 && u[0] < k && u[1] < k) {
                int lo = u[0] < u[1] ? u[0] : u[1], hi = u[0] ^ u[1] ^ lo, nlo = 0;
                for (int t = 0; t < 4; t++) nlo += v[t] == lo;
                int64_t *m = nlo == 2 && (v[0] == v[1] || v[0] == v[2]) ? straight : oblique;
                m[lo * k + hi]++;
                m[hi * k + lo]++;
            }
        }
    }
    for (Py_ssize_t q = 0; q < k; q++)
        if (bbox[q * 4 + 2] < 0) bbox[q * 4] = bbox[q * 4 + 1] = bbox[q * 4 + 2] = bbox[q * 4 + 3] = 0;
done:
    free(lab);
    PyBuffer_Release(&rb); if (has_valid) PyBuffer_Release(&vb); PyBuffer_Release(&pb);
    return out;
}

static PyMethodDef methods[] = {
    {"find_colors", py_find_colors, METH_VARARGS,
     "find_colors(rgb, height, width, valid, max_colors) -> list of (r, g, b, share, importance, "
     "x0, y0, x1, y1, cx, cy, edge_ratio): the C port of extractor.find_colors."},
    {"imagery_blocks", py_imagery_blocks, METH_VARARGS,
     "imagery_blocks(rgb, height, width, stride, block, smooth_max, nby, nbx) -> bytes: int32 smooth "
     "then strong-edge sample counts per block (imagery.py)."},
    {"imagery_members", py_imagery_members, METH_VARARGS,
     "imagery_members(rgb, height, width, valid, stride, block, region, nbx, nr, palette, member, exact) -> "
     "bytes: int64 (colour, region) sample counts, then flat samples per colour (imagery.py)."},
    {"illustration_stats", py_illustration_stats, METH_VARARGS,
     "illustration_stats(rgb, height, width, valid, stride, rows, cols, palette, levels) -> bytes: int64 "
     "solid, bbox, touch, oblique, straight per colour / pair of the labelled sample grid (imagery.py)."},
    {"cpu_has_x86_64_v3", py_cpu_has_x86_64_v3, METH_NOARGS,
     "cpu_has_x86_64_v3() -> bool: whether the _core_v3 build may be loaded on this machine."},
    {NULL, NULL, 0, NULL},
};

/* The same source is built twice on x86-64 (setup.py): `_core` for any x86-64 CPU, and `_core_v3`
 * with -march=x86-64-v3 (AVX2, BMI, POPCNT: ~7 % faster, same answers), which the baseline module's
 * cpu_has_x86_64_v3() says may be loaded: importing it on an older CPU could fault (SIGILL). */
#ifdef CORE_V3
#define CORE_MODULE_NAME "_core_v3"
#define CORE_INIT PyInit__core_v3
#else
#define CORE_MODULE_NAME "_core"
#define CORE_INIT PyInit__core
#endif

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, CORE_MODULE_NAME, "C port of the pixel palette extractor.",
                                    -1, methods, NULL, NULL, NULL, NULL};

#ifndef CORE_SOURCE_SHA256 /* setup.py defines it: the sha256 of this file */
#define CORE_SOURCE_SHA256 "unknown"
#endif

PyMODINIT_FUNC CORE_INIT(void) {
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddStringConstant(m, "source_sha256", CORE_SOURCE_SHA256) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
