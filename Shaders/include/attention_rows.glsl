// Shared by attention.comp and attention_rows.comp: the push constants of varlen attention and where a tile's
// rows are. Queries and keys live in packed row buffers: a tile's rows of one kind are consecutive, starting at
// a base its tile info gives. `sel` chooses the kind: 0 = encoder rows (tileInfo[b].encBase, encCount), 1 = query
// rows (qBase, qCount), 2 = the full decoder's rows (b * fullRows, fullRows), 3 = none. Keys come from up to two
// segments (A then B, one softmax over both): the encoder attends to its own rows (A = encoder rows); the
// masked-query decoder's queries attend to the encoder's rows (A, their k and v recomputed by each block) and to
// the queries (B); the full decoder attends to its own rows (A).
#ifndef MAE_ATTENTION_ROWS_GLSL
#define MAE_ATTENTION_ROWS_GLSL

layout(push_constant) uniform Push
{
    uint H;
    uint hd;
    float scale;
    uint fullRows;
    uint offTileInfo;
    uint capRows;
    uint qSel;
    uint offQ;
    uint qStride;
    uint offOut;
    uint outStride;
    uint aSel;
    uint offA;
    uint aStride;
    uint aK;
    uint aV;
    uint bSel;
    uint offB;
    uint bStride;
    uint bK;
    uint bV;
} pc;

// (first row, row count) of tile b's rows of kind `sel`.
uvec2 tile_rows(uint sel, uint b)
{
    if (sel == 0u)
    {
        return uvec2(idx[pc.offTileInfo + b * 4u], idx[pc.offTileInfo + b * 4u + 1u]);
    }

    if (sel == 1u)
    {
        return uvec2(idx[pc.offTileInfo + b * 4u + 2u], idx[pc.offTileInfo + b * 4u + 3u]);
    }

    if (sel == 2u)
    {
        return uvec2(b * pc.fullRows, pc.fullRows);
    }

    return uvec2(0u, 0u);
}

#endif
