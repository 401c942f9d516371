"""The committee pack: a Word report, a PowerPoint briefing, chart images and the scores by
group as CSV, all made from a cycle's released, disclosable results."""
