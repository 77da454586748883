"""Reference quantiles for src/distribution.rs, at 50 significant digits.

Run `python3 tests/reference/quantiles.py > tests/reference/quantiles.csv`
(needs mpmath). Student t and beta quantiles come from mpmath's incomplete beta function
up to 10^4 (degrees of freedom or answers) and from integrating the density
above, where mpmath's hypergeometric series does not converge; the two
methods are checked against each other where both work. scipy's
`betaincinv` gives the starting brackets.
"""
import sys
import mpmath as mp

mp.mp.dps = 50
LEVELS = ["0.5", "0.6", "0.8", "0.9", "0.95", "0.98", "0.99", "0.995", "0.999", "0.9999"]
DFS = ["1", "1.5", "2", "2.5", "3", "4", "5", "7", "10", "15", "20", "30", "50", "75",
       "100", "150", "200", "300", "500", "1000", "2000", "5000", "10000", "20000",
       "44000", "50000", "99999", "100001", "200000", "1000000", "10000000", "100000000"]

def t_quantile_by_density(tail, df):
    # Where the hypergeometric series behind betainc stops converging
    # (10^6 degrees of freedom and up), integrate the density instead.
    c = mp.exp(mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2)) / mp.sqrt(df * mp.pi)
    density = lambda u: c * mp.exp(-(df + 1) / 2 * mp.log1p(u * u / df))
    f = lambda t: mp.quad(density, [t, t + 10, mp.inf]) - tail
    z = mp.sqrt(2) * mp.erfinv(1 - 2 * tail)
    return mp.findroot(f, (z, z * mp.mpf("1.01")), solver="illinois")

def t_quantile(tail, df):
    if df > 10**4:
        return t_quantile_by_density(tail, df)
    # P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2); solve in
    # y = t^2 / (df + t^2), which keeps its digits when t^2 << df.
    f = lambda y: mp.betainc(df / 2, mp.mpf(1) / 2, 0, 1 - y, regularized=True) / 2 - tail
    z = mp.sqrt(2) * mp.erfinv(1 - 2 * tail)
    y0 = z * z / (df + z * z)
    # t >= z, so y >= y0: bracket and use a safeguarded solver.
    y = mp.findroot(f, (y0 * mp.mpf("0.999"), 1 - mp.mpf(10) ** -40), solver="illinois")
    return mp.sqrt(df * y / (1 - y))

out = sys.stdout
out.write("kind,a,b,level,value\n")
# The standard normal upper tail P(Z > z), for p-values.
for z in ["0", "0.001", "0.1", "0.5", "1", "1.5", "1.959963984540054", "2", "2.5", "2.8", "2.9",
          "3", "3.5", "4", "5", "6", "8", "10", "15", "20", "30", "37", "-0.5", "-3"]:
    sf = mp.erfc(mp.mpf(z) / mp.sqrt(2)) / 2
    out.write(f"normal_sf,{z},,,{mp.nstr(sf, 25)}\n")
for level in LEVELS:
    tail = (1 - mp.mpf(level)) / 2
    z = mp.sqrt(2) * mp.erfinv(mp.mpf(level))
    out.write(f"z,,,{level},{mp.nstr(z, 25)}\n")
    for df in DFS:
        t = t_quantile(tail, mp.mpf(df))
        if df in ("2000", "10000"):
            # The two methods agree where both work.
            check = t_quantile_by_density(tail, mp.mpf(df))
            assert abs(check - t) < mp.mpf(10) ** -30 * t, (df, level, t, check)
        out.write(f"t,{df},,{level},{mp.nstr(t, 25)}\n")
        out.flush()

# Clopper-Pearson bounds of x successes in n answers:
# low = Beta(x, n - x + 1) quantile of alpha/2, high = Beta(x + 1, n - x)
# quantile of 1 - alpha/2.
SHARES = [(1, 10), (5, 100), (3, 1000), (50, 1000), (500, 10000), (9999, 10000),
          (10000, 100000), (300000, 1000000), (7, 10**7), (10**7 - 3, 10**7),
          (3 * 10**7, 10**8), (1, 10**9), (4 * 10**8, 10**9), (10**9 - 1, 10**9)]

def beta_cdf_by_density(a, b, u):
    # Where mpmath's betainc does not converge (parameters past 10^4),
    # integrate the density over the region that holds its mass.
    a, b = mp.mpf(a), mp.mpf(b)
    log_c = mp.loggamma(a + b) - mp.loggamma(a) - mp.loggamma(b)
    density = lambda v: mp.exp(log_c + (a - 1) * mp.log(v) + (b - 1) * mp.log1p(-v))
    mean = a / (a + b)
    sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    start = max(mp.mpf(0), mean - 80 * sd)
    points = [start] + [mean + k * sd for k in range(-60, 61, 4) if start < mean + k * sd < u] + [u]
    return mp.quad(density, points)

def beta_quantile(a, b, p):
    # Boost's double-precision answer is the starting bracket; it is itself
    # off by up to 1e-10 relative for tens of millions of answers.
    from scipy.special import betaincinv
    guess = mp.mpf(betaincinv(a, b, float(p)))
    if a + b <= 10**4 + 1:
        f = lambda u: mp.betainc(a, b, 0, u, regularized=True) - p
    else:
        f = lambda u: beta_cdf_by_density(a, b, u) - p
    bracket = (guess * (1 - mp.mpf(10) ** -8), min(guess * (1 + mp.mpf(10) ** -8), 1 - mp.mpf(10) ** -40))
    return mp.findroot(f, bracket, solver="illinois")

for level in ["0.5", "0.8", "0.95", "0.99", "0.9999"]:
    half = (1 - mp.mpf(level)) / 2
    for x, n in SHARES:
        low = beta_quantile(x, n - x + 1, half)
        high = beta_quantile(x + 1, n - x, 1 - half)
        if (x, n) == (500, 10000):
            # The two methods agree where both work.
            check = beta_cdf_by_density(x + 1, n - x, high)
            assert abs(check - (1 - half)) < mp.mpf(10) ** -30, (level, check)
        out.write(f"cp_low,{x},{n},{level},{mp.nstr(low, 25)}\n")
        out.write(f"cp_high,{x},{n},{level},{mp.nstr(high, 25)}\n")
        out.flush()
