import { Heading } from "@react-email/heading";
import { Section } from "@react-email/section";
import { joinWords, type PictureRow } from "../../reports/report-picture";
import type { PictureTone } from "../../reports/state-tone";
import { styles } from "./layout";

// The run's graph in an email: a plain table, inline styles only, so every mail client
// shows it (no SVG, no image, no script). Each step is a row indented below the step it
// follows, coloured by its state as the run page's graph is.

const TONE: Record<PictureTone, { border: string; background: string; color: string }> = {
  ok: { border: "#15803d", background: "#ecfdf5", color: "#15803d" },
  bad: { border: "#b91c1c", background: "#fef2f2", color: "#b91c1c" },
  off: { border: "#a1a1aa", background: "#f4f4f5", color: "#52525b" },
  busy: { border: "#b45309", background: "#fffbeb", color: "#b45309" },
};

/** Indentation per level, capped so a long chain stays inside a phone's width. */
const indent = (depth: number) => `${Math.min(depth, 8) * 18}px`;

export function RunPicture({ rows }: { rows: PictureRow[] }) {
  return (
    <Section>
      <Heading as="h3" style={styles.heading}>
        The run on its graph
      </Heading>
      <table
        role="presentation"
        cellPadding={0}
        cellSpacing={0}
        style={{ width: "100%", borderCollapse: "separate", borderSpacing: "0 4px" }}
      >
        <tbody>
          {rows.map((row) => {
            const tone = TONE[row.tone];
            return (
              <tr key={row.nodeId}>
                <td style={{ paddingLeft: indent(row.depth) }}>
                  <div
                    style={{
                      // Dashed like an independent edge on the run page's graph.
                      border: `1px ${row.via === "independent" ? "dashed" : "solid"} ${tone.border}`,
                      borderLeftWidth: "4px",
                      backgroundColor: tone.background,
                      padding: "4px 8px",
                      fontSize: "13px",
                      lineHeight: "18px",
                    }}
                  >
                    <strong>{row.name}</strong>
                    {": "}
                    <span style={{ color: tone.color, fontWeight: 600 }}>{row.stateWords}</span>
                    <span style={{ color: "#71717a" }}>{` — ${joinWords(row)}`}</span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
