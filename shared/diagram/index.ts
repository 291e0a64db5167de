/** Diagram export: layoutDiagram (ELK, pure) then renderSvg (a standalone SVG string). */
export { layoutDiagram, paramsLabel, GEOMETRY, type DiagramBox, type DiagramEdge, type DiagramFrame, type DiagramLayout, type DiagramOptions, type Point } from './layout.ts';
export { renderSvg, roundedPath, type SvgOptions } from './svg.ts';
export { THEMES, FONT_FAMILY, type DiagramTheme, type ThemeName } from './theme.ts';
export { escapeXml, textWidth, fitText } from './text.ts';
