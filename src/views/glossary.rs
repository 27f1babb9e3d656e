//! The words the page uses, and what the model leaves out: so that a reader
//! new to GP funding can follow the figures, and nobody takes them for a
//! practice's whole income or its profit.

use yew::prelude::*;

/// The terms, in the order a reader meets them on the page.
pub const TERMS: &[(&str, &str)] = &[
    ("GMS, PMS and APMS", "The three kinds of GP practice contract. General Medical Services (GMS) is the national contract whose payments these rules set. Personal Medical Services (PMS) and Alternative Provider Medical Services (APMS) contracts are agreed locally; their core value is entered as a figure, and the national changes reach them as an equivalent uplift."),
    ("Global sum", "A GMS practice's main payment for its essential services, paid for each patient on its weighted list at a national price per weighted patient."),
    ("Weighted list (Carr-Hill formula)", "The registered list adjusted by the Carr-Hill formula for the workload and costs a practice's patients bring: their age and sex, new registrations, ill health, patients in nursing and residential homes, rurality and local staff costs. Nationally it is scaled to add up to the registered list, so an average practice's weighted list equals its list."),
    ("MPIG and the correction factor", "The minimum practice income guarantee, from the 2004 contract, topped up practices whose income under the global sum formula fell short of what they had earned before. The top-up is the correction factor. The December 2012 letter phased it out over seven years from April 2014, one seventh a year, with the money recycled into the global sum price."),
    ("Out-of-hours deduction", "Practices that opted out of providing out-of-hours care (most did after 2004) have a share of their global sum deducted."),
    ("Seniority payments", "Payments to GP partners for their years of NHS service, paid to the practice. The model carries the practice's figure unchanged."),
    ("QOF and QOF points", "The Quality and Outcomes Framework pays practices for points earned on indicators, such as the share of patients with diabetes whose blood pressure is controlled. Each point is worth a national price in pounds, scaled for the practice as below."),
    ("Thresholds", "Most QOF indicators pay on a sliding scale: nothing below the lower achievement threshold, all the points at the upper threshold, and in proportion between the two."),
    ("CPI (Contractor Population Index)", "The practice's list size divided by the England average list size. QOF payments are multiplied by it, so a point is worth more to a larger practice."),
    ("Prevalence factor", "Clinical indicators are also scaled by the size of the practice's disease register against the national prevalence, so that a practice with more patients on a register is paid more for the same points."),
    ("Aspiration payment and achievement payment", "QOF money arrives in two parts: monthly aspiration payments during the year, a share of the previous year's points paid in advance, and the achievement payment after the year end, the balance of what was earned."),
    ("Enhanced services", "Optional national services, such as the dementia or learning disability health check schemes, that a practice may take up and is paid for separately."),
    ("Equivalent uplift and premium review", "When money was reinvested in GMS core funding, NHS England raised PMS and APMS contract values by the equivalent amount. From April 2014 area teams also reviewed the PMS 'premium' above GMS funding, locally and at their own pace."),
    ("Rule set", "One year's (or one proposal's) payment rules, each figure with its source and its status: verified, supported, uncertain or not found."),
];

/// What the figures leave out, so that nobody reads them as a practice's
/// whole income or as its profit.
pub const NOT_MODELLED: &[&str] = &[
    // NHS Payments to General Practice, England, 2013/14 (HSCIC, experimental
    // statistics): premises £608m of £7.6bn paid to 8,060 providers.
    "Premises payments (rent and rates reimbursed for the surgery building), about 8% of all NHS payments to practices in 2013/14.",
    "Dispensing and drugs income: dispensing fees, and the drugs a practice buys, gives or dispenses and is reimbursed for.",
    "Reimbursements for locums covering sickness, maternity and paternity leave, and other refunds of costs.",
    "Local schemes: locally commissioned services and CCG or area team incentive schemes, which differ from place to place.",
    "A practice's expenses: staff, running costs and pensions. Every figure here is income to the practice, not profit or any GP's pay.",
    "Change over time in the practice itself: the list, registers and achievement are held as entered under every rule set.",
];

/// A short glossary and the model's limits, under the results.
#[component]
pub fn WordsAndLimits() -> Html {
    html! {
        <section class="words-limits" aria-labelledby="not-modelled-h">
            <h2 id="not-modelled-h">{ "What this does not model" }</h2>
            <p>{ "The figures are the payments the national GMS rules set for the practice you describe. They leave out:" }</p>
            <ul class="list-bullet" id="not-modelled">
                { for NOT_MODELLED.iter().map(|s| html! { <li>{ *s }</li> }) }
            </ul>
            <details class="glossary" id="glossary">
                <summary>{ "Words used here" }</summary>
                <dl>
                    { for TERMS.iter().map(|(term, meaning)| html! {
                        <><dt>{ *term }</dt><dd>{ *meaning }</dd></>
                    }) }
                </dl>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms and limits a new reader asked about (issue 24) are there.
    #[test]
    fn the_glossary_and_limits_cover_what_new_readers_asked_about() {
        for word in [
            "CPI",
            "Carr-Hill",
            "Aspiration",
            "MPIG",
            "Global sum",
            "Thresholds",
        ] {
            assert!(TERMS.iter().any(|(t, _)| t.contains(word)), "{word}");
        }
        for item in ["Premises", "Dispensing", "locums", "expenses"] {
            assert!(
                NOT_MODELLED.iter().any(|s| s.contains(item)),
                "{item} is not among the limits"
            );
        }
    }
}
