// Start GOV.UK Frontend's components (buttons, error summary focus, character counts).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
