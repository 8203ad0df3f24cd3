#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

// The full (reference) decoder's token rows, Td = 1 + L per tile at rows b * Td: row 0 is the tile's embedded
// cls row, row 1 + i patch i: its embedded encoder row when the encoder saw it (rank[b][i] = 1 + r), else the
// learned mask token (masked, or outside the context). Every row then gets its decoder position embedding.

layout(local_size_x = ELEMENT_GROUP_SIZE) in;

layout(push_constant) uniform Push
{
    uint L;
    uint Dd;
    uint offEd;
    uint offXd;
    uint offMaskToken;
    uint offPos;
    uint offTileInfo;
    uint offRank;
    uint offTiles;
} pc;

void main()
{
    uint i = linear_invocation();
    uint Td = 1u + pc.L;
    uint row = i / pc.Dd;
    uint b = row / Td;
    if (b >= idx[pc.offTiles])
    {
        return;
    }

    uint d = i % pc.Dd;
    uint t = row % Td;
    uint encBase = idx[pc.offTileInfo + b * 4u];
    float token;
    if (t == 0u)
    {
        token = act[pc.offEd + encBase * pc.Dd + d];
    }
    else
    {
        uint rank = idx[pc.offRank + b * pc.L + (t - 1u)];
        token = rank != 0u && rank < 0x80000000u
            ? act[pc.offEd + (encBase + rank) * pc.Dd + d]
            : wf[pc.offMaskToken + d];
    }

    act[pc.offXd + i] = token + wf[pc.offPos + t * pc.Dd + d];
}
