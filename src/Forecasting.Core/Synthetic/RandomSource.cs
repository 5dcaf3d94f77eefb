namespace Forecasting.Core.Synthetic;

/// <summary>
/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64) with the samplers the
/// synthetic platform needs. Unlike <see cref="Random"/>, its sequence is part of our contract: the same
/// seed gives the same data on every machine and .NET version.
/// </summary>
public sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomSource(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream for one entity (an item, a series), so generating it does not
    /// depend on the order in which other entities are generated.</summary>
    public static RandomSource For(ulong seed, ulong stream, ulong index)
    {
        ulong x = seed ^ (stream * 0x9E3779B97F4A7C15UL);
        ulong mixed = SplitMix(ref x) ^ (index * 0xD1B54A32D192ED03UL);
        return new RandomSource(SplitMix(ref mixed));
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)((NextUInt64() >> 33) * (ulong)count >> 31);
    }

    /// <summary>Uniform integer in [min, max] (both included).</summary>
    public int Between(int min, int max) => min + NextInt(max - min + 1);

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>Standard normal (Box-Muller, one value per call).</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double Normal(double mean, double sd) => mean + (sd * Normal());

    /// <summary>Log-normal with the given median and log-scale spread.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Gamma(shape, scale 1) by Marsaglia and Tsang, boosted for shape below 1.</summary>
    public double Gamma(double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(NextDouble() + double.Epsilon, 1.0 / shape);
        }

        double d = shape - (1.0 / 3.0);
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Poisson: multiplication method below a mean of 30, a rounded normal above (documented
    /// approximation; the difference is invisible at those volumes).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 30)
        {
            double limit = Math.Exp(-mean);
            double product = NextDouble();
            int k = 0;
            while (product > limit)
            {
                k++;
                product *= NextDouble();
            }

            return k;
        }

        return Math.Max(0, (int)Math.Round(Normal(mean, Math.Sqrt(mean))));
    }

    /// <summary>Negative binomial as a gamma-Poisson mixture: mean <paramref name="mean"/>, variance
    /// mean + mean^2 / <paramref name="dispersion"/> (smaller dispersion = lumpier demand).</summary>
    public int NegativeBinomial(double mean, double dispersion) =>
        mean <= 0 ? 0 : Poisson(mean * Gamma(dispersion) / dispersion);

    /// <summary>Binomial: Bernoulli trials for small n, a rounded normal above 50 trials.</summary>
    public int Binomial(int trials, double probability)
    {
        if (trials <= 0 || probability <= 0)
        {
            return 0;
        }

        if (trials <= 50)
        {
            int successes = 0;
            for (int i = 0; i < trials; i++)
            {
                if (NextDouble() < probability)
                {
                    successes++;
                }
            }

            return successes;
        }

        double mean = trials * probability;
        return Math.Clamp((int)Math.Round(Normal(mean, Math.Sqrt(mean * (1 - probability)))), 0, trials);
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
