using MaeRealtime.Training.Trainer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class MaeAdamWTests
{
    [Fact]
    public void ThreeSteps_MatchPyTorchsAdamWFormula()
    {
        double[] w0 = [0.5, -1.25, 2.0], w1 = [0.75];
        double[][] grads = [[0.1, -0.2, 0.3], [-0.5, 0.25, 0.125], [1.0, 0.0, -2.0]];
        double[][] biasGrads = [[0.2], [-0.4], [0.8]];
        double[] lrs = [1e-2, 5e-3, 2e-2];
        const double Wd = 0.05, B1 = 0.9, B2 = 0.95, Eps = 1e-8;

        using var weight = new Parameter(tensor(w0.Select(v => (float)v).ToArray()));
        using var bias = new Parameter(tensor(w1.Select(v => (float)v).ToArray()));
        using var optimizer = new MaeAdamW([new AdamWGroup("decay", [("w", weight)], Wd), new AdamWGroup("no_decay", [("b", bias)], 0)], B1, B2, Eps);

        var expectedW = Reference(w0, grads, lrs, Wd);
        var expectedB = Reference(w1, biasGrads, lrs, 0);
        for (int step = 0; step < 3; step++)
        {
            optimizer.SetLearningRate(lrs[step]);
            optimizer.ZeroGrad();
            weight.grad = tensor(grads[step].Select(v => (float)v).ToArray());
            bias.grad = tensor(biasGrads[step].Select(v => (float)v).ToArray());
            optimizer.Step();
        }

        Assert.Equal(expectedW, weight.data<float>().ToArray().Select(v => (double)v), new AbsoluteTolerance(2e-6));
        Assert.Equal(expectedB, bias.data<float>().ToArray().Select(v => (double)v), new AbsoluteTolerance(2e-6));
        Assert.Equal(3, optimizer.StepCounts()["w"]);

        static double[] Reference(double[] p0, double[][] g, double[] lr, double wd)
        {
            var p = (double[])p0.Clone();
            var m = new double[p.Length];
            var v = new double[p.Length];
            for (int t = 1; t <= g.Length; t++)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    double gi = g[t - 1][i];
                    p[i] *= 1 - (lr[t - 1] * wd);
                    m[i] = (B1 * m[i]) + ((1 - B1) * gi);
                    v[i] = (B2 * v[i]) + ((1 - B2) * gi * gi);
                    double denom = (Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(B2, t))) + Eps;
                    p[i] -= lr[t - 1] / (1 - Math.Pow(B1, t)) * m[i] / denom;
                }
            }

            return p;
        }
    }

    [Fact]
    public void ParametersWithoutGradient_AreLeftAlone()
    {
        using var weight = new Parameter(tensor(new float[] { 1, 2 }));
        using var optimizer = new MaeAdamW([new AdamWGroup("decay", [("w", weight)], 0.05)]);
        optimizer.SetLearningRate(0.1);
        optimizer.Step();
        Assert.Equal(new float[] { 1, 2 }, weight.data<float>().ToArray());
        Assert.Equal(0, optimizer.StepCounts()["w"]);
    }

    private sealed class AbsoluteTolerance(double absolute) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= absolute;

        public int GetHashCode(double obj) => 0;
    }
}
