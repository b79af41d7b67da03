// The web app's entry: GOV.UK Frontend's styles (system fonts) and the app (local, or AWS with
// sign-in, as /config.json says), mounted in #app.
import './styles.scss';
import { render } from 'preact';
import { Root } from './app.tsx';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<Root />, document.getElementById('app')!);
