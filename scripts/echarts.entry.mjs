// The parts of ECharts the dashboard uses, and nothing else: the page loads
// this instead of the full library (see scripts/build-echarts.mjs). No aria
// component: each chart keeps its own accessible name and has a table of its
// figures (charts::table) as its text alternative.
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  DataZoomSliderComponent,
  GeoComponent,
  GridComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, HeatmapChart, LineChart, MapChart, PieChart, ScatterChart,
  AxisPointerComponent, DataZoomSliderComponent, GeoComponent, GridComponent,
  LegendScrollComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent,
  SVGRenderer,
]);

// Only what the app calls (src/ui/bridge/echarts.rs: init, registerMap) and what the
// browser tests use to reach a chart (getInstanceByDom): the rest of the API
// is then left out of the bundle (about 3 KB compressed).
globalThis.echarts = {
  init: echarts.init,
  registerMap: echarts.registerMap,
  getInstanceByDom: echarts.getInstanceByDom,
};
