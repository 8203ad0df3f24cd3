using MaeRealtime.Training.Eval;
using ScottPlot;

namespace MaeRealtime.Editor.Eval;

/// <summary>Grouped bar charts of eval scores (ScottPlot, rendered off-screen by SkiaSharp; no display needed).</summary>
internal static class EvalCharts
{
    /// <summary>
    /// A PNG of one bar per method in each group (mask family or hole-ratio bin), valued by
    /// <paramref name="value"/>, each bar labelled with its number. The value axis starts near the
    /// smallest bar rather than at 0, so differences of a fraction of a dB stay visible.
    /// </summary>
    public static byte[] GroupedBars(
        string title, string valueLabel, IReadOnlyList<string> groups, IReadOnlyList<IInpaintBaseline> methods,
        IReadOnlyList<EvalRow> rows, Func<EvalRow, double> value, string valueFormat, int width = 1000, int height = 520)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double slot = 0.8 / methods.Count;
        var bars = new List<Bar>();
        for (int g = 0; g < groups.Count; g++)
        {
            for (int m = 0; m < methods.Count; m++)
            {
                var row = rows.FirstOrDefault(r => r.Method == methods[m].Name && r.Group == groups[g]);
                if (row is null)
                {
                    continue;
                }

                double v = value(row);
                bars.Add(new Bar
                {
                    Position = g + ((m - ((methods.Count - 1) / 2.0)) * slot),
                    Value = v,
                    Size = slot * 0.92,
                    FillColor = palette.GetColor(m),
                    Label = v.ToString(valueFormat, System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups.ToArray());
        for (int m = 0; m < methods.Count; m++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = methods[m].DisplayName, FillColor = palette.GetColor(m) });
        }

        plot.ShowLegend(Edge.Right);
        if (bars.Count > 0)
        {
            double lo = bars.Min(b => b.Value), hi = bars.Max(b => b.Value);
            double span = Math.Max(hi - lo, Math.Abs(hi) * 0.05) + 1e-9;
            double bottom = lo >= 0 ? Math.Max(0, lo - (0.6 * span)) : lo - (0.6 * span);
            plot.Axes.SetLimitsY(bottom, hi + (0.2 * span));
            foreach (var bar in bars)
            {
                bar.ValueBase = bottom;
            }
        }

        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        plot.YLabel(valueLabel);
        plot.Title(title);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
