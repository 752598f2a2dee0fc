// The parts of ECharts the dashboard uses, and nothing else: the page loads
// this instead of the full library (see scripts/build-echarts.mjs).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  AxisPointerComponent,
  DataZoomSliderComponent,
  DatasetComponent,
  GeoComponent,
  GridComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, LineChart, MapChart, PieChart, ScatterChart,
  AriaComponent, AxisPointerComponent, DataZoomSliderComponent, DatasetComponent, GeoComponent, GridComponent,
  LegendScrollComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent,
  SVGRenderer,
]);

globalThis.echarts = echarts;
