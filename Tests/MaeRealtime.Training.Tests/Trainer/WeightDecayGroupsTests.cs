using MaeRealtime.Training.Model;
using MaeRealtime.Training.Tests.Support;
using MaeRealtime.Training.Trainer;

namespace MaeRealtime.Training.Tests.Trainer;

public sealed class WeightDecayGroupsTests
{
    [Fact]
    public void MatricesDecay_BiasesNormsTokensAndTablesDoNot()
    {
        using var model = new MaeModel(TestConfigs.Golden);
        var (decay, noDecay) = WeightDecayGroups.Split(model.named_parameters(), p => p.dim(), p => p.requires_grad);
        var decayed = decay.Select(p => p.Name).ToHashSet();
        var kept = noDecay.Select(p => p.Name).ToHashSet();

        Assert.Contains("patch_embed.proj.weight", decayed);        // 4-D conv
        Assert.Contains("blocks.0.attn.qkv.weight", decayed);
        Assert.Contains("blocks.1.mlp.fc2.weight", decayed);
        Assert.Contains("decoder_embed.weight", decayed);
        Assert.Contains("decoder_pred.weight", decayed);
        Assert.Contains("patch_embed.proj.bias", kept);
        Assert.Contains("blocks.0.attn.qkv.bias", kept);
        Assert.Contains("blocks.0.norm1.weight", kept);              // 1-D
        Assert.Contains("norm.weight", kept);
        Assert.Contains("decoder_norm.bias", kept);
        Assert.Contains("cls_token", kept);                          // skip list, though [1, 1, D]
        Assert.Contains("mask_token", kept);

        // The fixed sin-cos tables do not train, so they are in neither group.
        Assert.DoesNotContain("pos_embed", decayed.Concat(kept));
        Assert.DoesNotContain("decoder_pos_embed", decayed.Concat(kept));
        Assert.All(decay, p => Assert.True(p.Parameter.dim() >= 2));
        int trainable = model.named_parameters().Count(p => p.parameter.requires_grad);
        Assert.Equal(trainable, decayed.Count + kept.Count);
    }

    [Fact]
    public void Rule_MatchesTheReference()
    {
        Assert.True(WeightDecayGroups.Decays("head.weight", 2));
        Assert.False(WeightDecayGroups.Decays("head.bias", 2));
        Assert.False(WeightDecayGroups.Decays("scale", 1));
        Assert.False(WeightDecayGroups.Decays("cls_token", 3));
        Assert.True(WeightDecayGroups.Decays("cls_token", 3, new HashSet<string>()));
    }
}
