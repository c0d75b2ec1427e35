// The cartesian dist bundle has the API of plotly.js (contour, heatmap, scatter); its types are @types/plotly.js.
declare module 'plotly.js-cartesian-dist-min' {
  import * as Plotly from 'plotly.js';
  export default Plotly;
}
