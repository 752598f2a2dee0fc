//! Products: customers by product, and the SKUs of the selected product.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts;
use crate::charts::colours::Breakdown;
use crate::format;
use crate::i18n::{msg, t};
use crate::metrics::ProductFigures;
use crate::model::Dimension;

use crate::bridge::echarts::{self, EChart};
use crate::state::use_dashboard;
use crate::widgets::frame::{event_name, FilterTo, Section};

#[component]
pub fn Products() -> impl IntoView {
    let d = use_dashboard();
    let report = d.report;
    let selected = d.product;
    let products = Memo::new(move |_| report.get().map(|r| r.products.clone()).unwrap_or_default());
    // A product that the filters removed is no longer selected.
    Effect::new(move |_| {
        if let Some(p) = selected.get_untracked() {
            if !products.get().iter().any(|f| f.product == p) {
                selected.set(None);
            }
        }
    });
    let toggle = move |name: String| {
        selected.update(|s| {
            *s = if s.as_deref() == Some(&name) {
                None
            } else {
                Some(name)
            }
        })
    };
    // Each product keeps its colour in the donut, its button and its SKU
    // bars (and in the product trend), whatever the filters.
    let colours = d.model.colours.clone();
    let colour_of = {
        let colours = colours.clone();
        move |i: usize, product: &str| {
            colours
                .get(Breakdown::Of(Dimension::Product), product)
                .unwrap_or(charts::PALETTE[i % charts::PALETTE.len()])
        }
    };
    let pie = Signal::derive(move || {
        let mut option = charts::products(
            crate::i18n::current(),
            &products.get(),
            selected.get().as_deref(),
        );
        colours.paint(&mut option, Breakdown::Of(Dimension::Product), "");
        option
    });
    let setup: echarts::Setup = Arc::new(move |chart| {
        echarts::on(chart, "click", move |params| {
            if let Some(name) = event_name(&params) {
                toggle(name);
            }
        })
    });
    let sku_product = Memo::new(move |_| {
        let list = products.get();
        let chosen = selected.get();
        let index = chosen
            .as_ref()
            .and_then(|s| list.iter().position(|p| p.product == *s));
        index.map(|i| (i, list[i].clone()))
    });
    // Without a selection, the SKUs of every product side by side.
    let sku_colour = colour_of.clone();
    let sku_option = Signal::derive(move || match sku_product.get() {
        Some((i, p)) => charts::skus(&p, sku_colour(i, &p.product)),
        None => charts::skus(&all_skus(&products.get()), charts::EXISTING),
    });
    view! {
            <Section id="products" title=msg("products.title") description=msg("products.description")>
                <div class="product-picker" role="group" aria-label=msg("products.picker")>
                    <For each=move || products.get().into_iter().enumerate() key=|(i, p)| (*i, p.product.clone(), p.customers) let:item>
                        {
                            let (i, p) = item;
                            let swatch = format!("background: {}", colour_of(i, &p.product));
                            let name = p.product.clone();
                            let is_selected = {
                                let name = name.clone();
                                move || selected.get().as_deref() == Some(name.as_str())
                            };
                            view! {
                                <button class="chip" data-product=name.clone() aria-pressed=move || is_selected().to_string()
                                    on:click=move |_| toggle(name.clone())>
                                    <span class="swatch" style=swatch aria-hidden="true"></span>
                                    <span class="label" title=p.product.clone()>{p.product.clone()}</span><span class="num">{move || format::count(p.customers)}</span>
                                </button>
                            }
                        }
                    </For>
                </div>
                <div class="pair">
                    <EChart option=pie label=msg("kpi.customers_by_product") setup/>
                    <div class="sku-panel" data-testid="skus">
    <div class="cross-filter">
                        <h3>{move || match sku_product.get() {
                            Some((_, p)) => tr!("products.skus_of", product = p.product),
                            None => t("products.skus_of_all").to_string(),
                        }}</h3>
                        <FilterTo dim=Dimension::Product value=Signal::derive(move || selected.get())/>
                        </div>
                        <EChart option=sku_option label=msg("products.by_sku")/>
                    </div>
                </div>
            </Section>
        }
}

/// Every product's SKUs in one list, largest first.
fn all_skus(products: &[ProductFigures]) -> ProductFigures {
    ProductFigures {
        product: t("products.all").into(),
        customers: 0,
        skus: crate::metrics::skus_of_all(products),
    }
}
